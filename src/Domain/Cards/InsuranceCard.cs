namespace PatientAccess.Domain.Cards;

/// <summary>
/// Everything read from one US health insurance card, field for field as Document Intelligence's
/// prebuilt-healthInsuranceCard.us model names them. A field the engine did not find is null; lists are empty.
/// Contains PHI: never log it, never pass it through orchestration inputs or outputs.
/// </summary>
public sealed record InsuranceCard
{
    public CardField<string>? Insurer { get; init; }

    public CardMember? Member { get; init; }

    /// <summary>The subscriber (policy holder) when the card names one apart from the member, e.g. on a dependent's card.</summary>
    public CardSubscriber? Subscriber { get; init; }

    public IReadOnlyList<CardDependent> Dependents { get; init; } = [];

    public CardIdNumber? IdNumber { get; init; }

    public CardField<string>? GroupNumber { get; init; }

    public CardPrescriptionInfo? PrescriptionInfo { get; init; }

    public CardField<string>? Pbm { get; init; }

    public CardField<DateOnly>? EffectiveDate { get; init; }

    public IReadOnlyList<CardCopay> Copays { get; init; } = [];

    public CardPayer? Payer { get; init; }

    public CardPlan? Plan { get; init; }

    public CardMedicareMedicaidInfo? MedicareMedicaidInfo { get; init; }

    /// <summary>
    /// The member id as it would be sent to the payer: the id number (prefix and number) when read, else the
    /// Medicare/Medicaid id. Confidence is the lowest of the parts used.
    /// </summary>
    public CardField<string>? MemberId
    {
        get
        {
            if (IdNumber?.Number is { } number)
            {
                if (IdNumber.Prefix is { } prefix && !number.Value.StartsWith(prefix.Value, StringComparison.OrdinalIgnoreCase))
                {
                    return new CardField<string>(prefix.Value + number.Value, Math.Min(prefix.Confidence, number.Confidence), number.Engine);
                }
                return number;
            }
            return MedicareMedicaidInfo?.Id;
        }
    }

    /// <summary>
    /// Every field that was read, by its Document Intelligence path (e.g. "Member.Name", "Copays[0].Amount"),
    /// with its confidence and engine but without the value: safe to log and to count.
    /// </summary>
    public IEnumerable<CardFieldInfo> FieldsRead()
    {
        var list = new List<CardFieldInfo>();
        void Add<T>(string path, CardField<T>? f)
        {
            if (f is not null) list.Add(new CardFieldInfo(path, f.Confidence, f.Engine));
        }
        Add("Insurer", Insurer);
        Add("Member.Name", Member?.Name);
        Add("Member.BirthDate", Member?.BirthDate);
        Add("Member.Employer", Member?.Employer);
        Add("Member.Gender", Member?.Gender);
        Add("Member.IdNumberSuffix", Member?.IdNumberSuffix);
        Add("Subscriber.Name", Subscriber?.Name);
        for (var i = 0; i < Dependents.Count; i++) Add($"Dependents[{i}].Name", Dependents[i].Name);
        Add("IdNumber.Prefix", IdNumber?.Prefix);
        Add("IdNumber.Number", IdNumber?.Number);
        Add("GroupNumber", GroupNumber);
        Add("PrescriptionInfo.Issuer", PrescriptionInfo?.Issuer);
        Add("PrescriptionInfo.RxBIN", PrescriptionInfo?.RxBin);
        Add("PrescriptionInfo.RxPCN", PrescriptionInfo?.RxPcn);
        Add("PrescriptionInfo.RxGrp", PrescriptionInfo?.RxGrp);
        Add("PrescriptionInfo.RxId", PrescriptionInfo?.RxId);
        Add("PrescriptionInfo.RxPlan", PrescriptionInfo?.RxPlan);
        Add("Pbm", Pbm);
        Add("EffectiveDate", EffectiveDate);
        for (var i = 0; i < Copays.Count; i++)
        {
            Add($"Copays[{i}].Benefit", Copays[i].Benefit);
            Add($"Copays[{i}].Amount", Copays[i].Amount);
        }
        Add("Payer.Id", Payer?.Id);
        Add("Payer.Address", Payer?.Address);
        Add("Payer.PhoneNumber", Payer?.PhoneNumber);
        Add("Payer.ProviderPhoneNumber", Payer?.ProviderPhoneNumber);
        Add("Plan.Number", Plan?.Number);
        Add("Plan.Name", Plan?.Name);
        Add("Plan.Type", Plan?.Type);
        Add("MedicareMedicaidInfo.Id", MedicareMedicaidInfo?.Id);
        Add("MedicareMedicaidInfo.PartAEffectiveDate", MedicareMedicaidInfo?.PartAEffectiveDate);
        Add("MedicareMedicaidInfo.PartBEffectiveDate", MedicareMedicaidInfo?.PartBEffectiveDate);
        return list;
    }
}

/// <summary>A field's path, confidence and engine, without its value.</summary>
public sealed record CardFieldInfo(string Path, double Confidence, CardEngine Engine);

/// <summary>The card holder.</summary>
public sealed record CardMember
{
    public CardField<string>? Name { get; init; }

    public CardField<DateOnly>? BirthDate { get; init; }

    public CardField<string>? Employer { get; init; }

    public CardField<string>? Gender { get; init; }

    /// <summary>The suffix printed after the id number for this person (e.g. "01").</summary>
    public CardField<string>? IdNumberSuffix { get; init; }
}

/// <summary>The subscriber named on the card (the policy holder through whom the member is covered).</summary>
public sealed record CardSubscriber
{
    public CardField<string>? Name { get; init; }
}

/// <summary>A dependent listed on the card.</summary>
public sealed record CardDependent
{
    public CardField<string>? Name { get; init; }
}

/// <summary>The member id: an optional prefix (e.g. a three-letter alpha prefix) and the number.</summary>
public sealed record CardIdNumber
{
    public CardField<string>? Prefix { get; init; }

    public CardField<string>? Number { get; init; }
}

/// <summary>The pharmacy block.</summary>
public sealed record CardPrescriptionInfo
{
    public CardField<string>? Issuer { get; init; }

    public CardField<string>? RxBin { get; init; }

    public CardField<string>? RxPcn { get; init; }

    public CardField<string>? RxGrp { get; init; }

    public CardField<string>? RxId { get; init; }

    public CardField<string>? RxPlan { get; init; }
}

/// <summary>One copay line, e.g. "Specialist" and 40.00.</summary>
public sealed record CardCopay
{
    public CardField<string>? Benefit { get; init; }

    public CardField<decimal>? Amount { get; init; }
}

/// <summary>
/// The payer block, mostly from the back of the card: payer id for claims (the EDI payer id), the claims mailing
/// address, the member (customer service) phone and the provider services phone.
/// </summary>
public sealed record CardPayer
{
    public CardField<string>? Id { get; init; }

    /// <summary>Where paper claims go ("PO Box 1234, City, ST 12345").</summary>
    public CardField<string>? Address { get; init; }

    /// <summary>Member / customer service phone.</summary>
    public CardField<string>? PhoneNumber { get; init; }

    /// <summary>Provider services phone (not a Document Intelligence field; local readers only).</summary>
    public CardField<string>? ProviderPhoneNumber { get; init; }
}

/// <summary>The plan block.</summary>
public sealed record CardPlan
{
    public CardField<string>? Number { get; init; }

    public CardField<string>? Name { get; init; }

    /// <summary>E.g. PPO, HMO, EPO, POS, Medicare, Medicaid.</summary>
    public CardField<string>? Type { get; init; }
}

/// <summary>Medicare (MBI) or Medicaid id and the Part A/B effective dates.</summary>
public sealed record CardMedicareMedicaidInfo
{
    public CardField<string>? Id { get; init; }

    public CardField<DateOnly>? PartAEffectiveDate { get; init; }

    public CardField<DateOnly>? PartBEffectiveDate { get; init; }
}
