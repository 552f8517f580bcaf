namespace PatientAccess.Domain.Forms;

/// <summary>Why the patient has Medicare (the questionnaire's Part III).</summary>
public enum MedicareBasis
{
    Age,
    Disability,

    /// <summary>End-stage renal disease.</summary>
    EndStageRenalDisease,
}

/// <summary>
/// The group health plan the patient named in the questionnaire (Part IV, V or VI item "name of the plan, policy and
/// group number"). PHI: it stays in the registration.
/// </summary>
public sealed record OtherPlan(string PlanName, string MemberId, string? GroupNumber, string? PayerId = null);

/// <summary>
/// The patient's answers to the Medicare Secondary Payer questionnaire, modelled on CMS's model admission questions
/// (Medicare Secondary Payer Manual, CMS Pub. 100-05, chapter 3, section 20.2.1; the rules behind them in chapter 1,
/// sections 10.1 to 10.6 and 42 CFR 411 subparts B to H). A question that does not apply (a Part for another basis)
/// is left null.
/// </summary>
/// <param name="BlackLung">Part I.1: benefits under the Federal Black Lung Program.</param>
/// <param name="GovernmentResearch">Part I.2: the services are paid by a government research program.</param>
/// <param name="VeteransAffairs">Part I.3: the Department of Veterans Affairs authorized and will pay for this care.</param>
/// <param name="WorkRelated">Part I.4: the illness or injury is due to a work-related accident or condition (workers' compensation).</param>
/// <param name="AccidentWithNoFaultOrLiability">Part II: the illness or injury is due to an accident and no-fault or liability insurance may pay.</param>
/// <param name="Basis">Part III: why the patient has Medicare.</param>
/// <param name="PatientCurrentlyEmployed">Parts IV/V: the patient works now.</param>
/// <param name="SpouseOrFamilyCurrentlyEmployed">Part IV: the spouse works now; Part V: the spouse or another family member does.</param>
/// <param name="GroupHealthPlanThroughCurrentEmployment">Parts IV/V/VI: group health plan coverage through the patient's or that person's current employment (Part VI: any group health plan coverage).</param>
/// <param name="EmployerHas20OrMoreEmployees">Part IV: the employer that sponsors the plan employs 20 or more people.</param>
/// <param name="EmployerHas100OrMoreEmployees">Part V: the employer that sponsors the plan employs 100 or more people (a large group health plan).</param>
/// <param name="WithinEsrdCoordinationPeriod">Part VI: still within the 30-month coordination period that began with ESRD Medicare entitlement.</param>
/// <param name="EsrdMedicareWasAlreadyPrimary">Part VI: before ESRD, Medicare was already primary because of age or disability (the plan then stays secondary).</param>
/// <param name="Plan">The group health plan the patient named, when they have one.</param>
public sealed record MspAnswers(
    bool BlackLung,
    bool GovernmentResearch,
    bool VeteransAffairs,
    bool WorkRelated,
    bool AccidentWithNoFaultOrLiability,
    MedicareBasis Basis,
    bool? PatientCurrentlyEmployed = null,
    bool? SpouseOrFamilyCurrentlyEmployed = null,
    bool? GroupHealthPlanThroughCurrentEmployment = null,
    bool? EmployerHas20OrMoreEmployees = null,
    bool? EmployerHas100OrMoreEmployees = null,
    bool? WithinEsrdCoordinationPeriod = null,
    bool? EsrdMedicareWasAlreadyPrimary = null,
    OtherPlan? Plan = null);

/// <summary>Who pays first according to the questionnaire.</summary>
public enum PrimaryPayer
{
    Medicare,

    /// <summary>The group health plan the patient named (working aged, disabled under a large plan, ESRD coordination period).</summary>
    GroupHealthPlan,

    WorkersCompensation,

    /// <summary>No-fault or liability insurance, for the services related to the accident.</summary>
    NoFaultOrLiability,

    /// <summary>The Federal Black Lung Program, for services related to black lung.</summary>
    BlackLung,

    /// <summary>A government research program pays for the services it covers.</summary>
    GovernmentResearch,

    /// <summary>The Department of Veterans Affairs authorized and pays for this care.</summary>
    VeteransAffairs,
}

/// <summary>The questionnaire's outcome: who pays first, the rule that decided it (a plain-words reason, no values), and whether a person must look.</summary>
/// <param name="NeedsReview">True when the answers are incomplete for the rule that applies (an employer-size question unanswered, a plan not named): a specialist calls the patient.</param>
public sealed record MspDecision(PrimaryPayer Primary, string Rule, bool NeedsReview);

/// <summary>
/// The MSP decision rules, as a pure function of the answers, in the order of CMS's questionnaire: Part I (black lung,
/// research, VA, workers' compensation) and Part II (no-fault or liability) make another payer primary for the related
/// services before any group health plan question is asked; then by basis: age, with group coverage through current
/// employment at an employer of 20 or more (MSP Manual ch. 1, 10.1, working aged); disability, with large group
/// coverage through current employment of the patient or a family member at an employer of 100 or more (10.3); ESRD,
/// with group coverage during the 30-month coordination period unless Medicare was already primary by age or
/// disability (10.2). Otherwise Medicare is primary.
/// </summary>
public static class MspRules
{
    public static MspDecision Decide(MspAnswers answers)
    {
        ArgumentNullException.ThrowIfNull(answers);
        if (answers.BlackLung) return new(PrimaryPayer.BlackLung, "Part I: the Federal Black Lung Program pays first for related services.", false);
        if (answers.GovernmentResearch) return new(PrimaryPayer.GovernmentResearch, "Part I: a government research program pays for these services.", false);
        if (answers.VeteransAffairs) return new(PrimaryPayer.VeteransAffairs, "Part I: the VA authorized and pays for this care.", false);
        if (answers.WorkRelated) return new(PrimaryPayer.WorkersCompensation, "Part I: workers' compensation pays first for a work-related illness or injury.", false);
        if (answers.AccidentWithNoFaultOrLiability) return new(PrimaryPayer.NoFaultOrLiability, "Part II: no-fault or liability insurance pays first for accident-related services.", false);

        return answers.Basis switch
        {
            MedicareBasis.Age => Employment(answers, answers.EmployerHas20OrMoreEmployees, "Part IV (age)", "20"),
            MedicareBasis.Disability => Employment(answers, answers.EmployerHas100OrMoreEmployees, "Part V (disability)", "100"),
            _ => Esrd(answers),
        };
    }

    private static MspDecision Employment(MspAnswers answers, bool? largeEnough, string part, string size)
    {
        var working = answers.PatientCurrentlyEmployed == true || answers.SpouseOrFamilyCurrentlyEmployed == true;
        if (!working || answers.GroupHealthPlanThroughCurrentEmployment == false)
        {
            return new(PrimaryPayer.Medicare, $"{part}: no group health plan through current employment; Medicare pays first.", false);
        }
        if (answers.GroupHealthPlanThroughCurrentEmployment is null || largeEnough is null)
        {
            return new(PrimaryPayer.Medicare, $"{part}: current employment, but the plan or employer-size answer is missing; confirm with the patient.", true);
        }
        if (largeEnough == false)
        {
            return new(PrimaryPayer.Medicare, $"{part}: the employer has fewer than {size} employees; Medicare pays first.", false);
        }
        return new(PrimaryPayer.GroupHealthPlan, $"{part}: group health plan through current employment at an employer of {size} or more pays first.", answers.Plan is null);
    }

    private static MspDecision Esrd(MspAnswers answers)
    {
        if (answers.GroupHealthPlanThroughCurrentEmployment != true)
        {
            return new(PrimaryPayer.Medicare, "Part VI (ESRD): no group health plan coverage; Medicare pays first.", answers.GroupHealthPlanThroughCurrentEmployment is null);
        }
        if (answers.WithinEsrdCoordinationPeriod is null)
        {
            return new(PrimaryPayer.Medicare, "Part VI (ESRD): group coverage, but the coordination-period answer is missing; confirm with the patient.", true);
        }
        if (answers.WithinEsrdCoordinationPeriod == false)
        {
            return new(PrimaryPayer.Medicare, "Part VI (ESRD): the 30-month coordination period has ended; Medicare pays first.", false);
        }
        if (answers.EsrdMedicareWasAlreadyPrimary == true)
        {
            return new(PrimaryPayer.Medicare, "Part VI (ESRD): Medicare was already primary by age or disability and stays primary.", false);
        }
        return new(PrimaryPayer.GroupHealthPlan, "Part VI (ESRD): the group health plan pays first during the 30-month coordination period.", answers.Plan is null);
    }
}

/// <summary>One payer in the order of benefits.</summary>
/// <param name="Rank">1 pays first.</param>
/// <param name="Payer">Medicare, or the other payer the questionnaire named.</param>
/// <param name="Plan">The group health plan's details when <paramref name="Payer"/> is <see cref="PrimaryPayer.GroupHealthPlan"/>.</param>
public sealed record CoverageRank(int Rank, PrimaryPayer Payer, OtherPlan? Plan = null);

/// <summary>
/// The questionnaire as recorded on the registration: the answers, the decision, the order of benefits that follows,
/// when and in which template version. Eligibility and authorization read <see cref="Order"/>: the first rank is the
/// coverage to bill and check first.
/// </summary>
public sealed record MspRecord(MspAnswers Answers, MspDecision Decision, IReadOnlyList<CoverageRank> Order, string TemplateVersion, DateTimeOffset AnsweredAt)
{
    /// <summary>Decides and orders: the primary payer first, Medicare second when another payer is primary.</summary>
    public static MspRecord From(MspAnswers answers, string templateVersion, DateTimeOffset at)
    {
        var decision = MspRules.Decide(answers);
        IReadOnlyList<CoverageRank> order = decision.Primary == PrimaryPayer.Medicare
            ? [new CoverageRank(1, PrimaryPayer.Medicare)]
            : [new CoverageRank(1, decision.Primary, decision.Primary == PrimaryPayer.GroupHealthPlan ? answers.Plan : null), new CoverageRank(2, PrimaryPayer.Medicare)];
        return new MspRecord(answers, decision, order, templateVersion, at);
    }

    /// <summary>True when Medicare is not the first payer.</summary>
    public bool MedicareIsSecondary => Order[0].Payer != PrimaryPayer.Medicare;
}
