using System.Text;
using CsCheck;
using PatientAccess.Domain.Prices;
using PatientAccess.Integrations.Prices;

namespace PatientAccess.Estimates.Tests.Prices;

public sealed class StandardChargesFileTests
{
    private static string Base(params string[] path) => Path.Combine([AppContext.BaseDirectory, .. path]);

    private static (PriceList? Prices, IReadOnlyList<PriceFileError> Errors) Validate(string name, string text) =>
        StandardChargesFile.Validate(name, Encoding.UTF8.GetBytes(text));

    private const string Header1 = "hospital_name,last_updated_on,version,hospital_location,hospital_address,license_number|IL,\"" + StandardChargesWriter.Affirmation + "\"\n";
    private const string Header2 = "Test Hospital,2026-01-01,2.2.0,Test Hospital,\"1 Main St, Springfield, IL 62701\",H-1,true\n";
    private const string TallHeader = "description,code|1,code|1|type,modifiers,setting,drug_unit_of_measurement,drug_type_of_measurement,standard_charge|gross,standard_charge|discounted_cash,payer_name,plan_name,standard_charge|negotiated_dollar,standard_charge|negotiated_percentage,standard_charge|negotiated_algorithm,estimated_amount,standard_charge|methodology,standard_charge|min,standard_charge|max,additional_generic_notes\n";

    private static string Tall(params string[] rows) => Header1 + Header2 + TallHeader + string.Concat(rows.Select(r => r + "\n"));

    [Fact]
    public void Load_SandboxFile_EveryPayerAndPlanOfTheRosterWithRatesForTheSampleCodes()
    {
        var prices = StandardChargesFile.Load(Base("sandbox", "standard-charges.csv"));

        Assert.Equal("Sandbox General Hospital", prices.Hospital.Name);
        Assert.Equal("IL", prices.Hospital.LicenseState);
        Assert.True(prices.HasContract("SANDBOX PPO HEALTH PLAN", "SANDBOX PPO GOLD"));
        Assert.True(prices.HasContract("SANDBOX PPO HEALTH PLAN", "SANDBOX PPO FAMILY"));
        Assert.True(prices.HasContract("SANDBOX HMO", "SANDBOX HMO SILVER"));
        var mri = prices.For(new BillingCode("70551", "CPT"), PatientAccess.Domain.Estimates.ServiceSetting.Outpatient);
        Assert.Contains(mri, c => c.Negotiated.Any(n => n.IsFor("SANDBOX PPO HEALTH PLAN", "SANDBOX PPO GOLD") && n.Dollar == 1200m));
        Assert.All(mri, c => Assert.Equal((3000m, 1400m), (c.GrossCharge, c.DiscountedCash)));
        Assert.NotEmpty(prices.For(new BillingCode("99213", "CPT"), PatientAccess.Domain.Estimates.ServiceSetting.Outpatient));
        Assert.NotEmpty(prices.For(new BillingCode("470", "MS-DRG"), PatientAccess.Domain.Estimates.ServiceSetting.Inpatient));
        Assert.Contains(prices.Charges, c => c.Codes.Any(x => x.Type == "NDC") && c.DrugType == "ML");
    }

    [Theory]
    [InlineData("V2.0.0_Tall_CSV_Format_Example.csv", 31)]
    [InlineData("V2.0.0_Wide_CSV_Format_Example.csv", 20)]
    [InlineData("V2.0.0_JSON_Format_Example.json", 11)]
    public void Load_CmsExamples_Accepted(string file, int charges)
    {
        var prices = StandardChargesFile.Load(Base("Cms", file));

        Assert.Equal("West Mercy Hospital", prices.Hospital.Name);
        Assert.Equal(["West Mercy Hospital", "West Mercy Surgical Center"], prices.Hospital.Locations);
        Assert.Equal(charges, prices.Charges.Count);
        var hearing = prices.For(new BillingCode("92626", "CPT"), PatientAccess.Domain.Estimates.ServiceSetting.Outpatient).SelectMany(c => c.Negotiated).ToList();
        Assert.Contains(hearing, n => n.IsFor("Platform Health Insurance", "PPO") && n.Dollar == 98.98m && n.Methodology == ChargeMethodology.FeeSchedule);
        Assert.Contains(hearing, n => n.IsFor("Region Health Insurance", "HMO") && n.Percentage == 115m && n.EstimatedAmount == 105.34m);
    }

    [Fact]
    public void Validate_TallRowBreakingTheConditionalRules_EachErrorOnItsLine()
    {
        var (prices, errors) = Validate("t.csv", Tall(
            "MRI brain,70551,CPT,,outpatient,,,3000,1400,A PAYER,A PLAN,1200,,,,fee schedule,1200,1200,",            // line 4: valid
            "MRI brain,70551,CPT,,,,,3000,1400,,,,,,,,,,",                                                             // line 5: setting blank
            "Office visit,99213,XYZ,,outpatient,,,250,,,,,,,,,,,",                                                     // line 6: code type
            "Office visit,99213,CPT,,outpatient,,,$250,,,,,,,,,,,",                                                    // line 7: $ in a number
            "Office visit,99213,CPT,,outpatient,,,250,,A PAYER,A PLAN,110,,,,,110,110,",                               // line 8: no methodology (rule 1)
            "Office visit,99213,CPT,,outpatient,,,250,,A PAYER,A PLAN,,40,,,percent of total billed charges,,,",      // line 9: percentage without estimate (rule 7)
            "Office visit,99213,CPT,,outpatient,,,250,,A PAYER,A PLAN,110,,,,fee schedule,,,",                        // line 10: dollar without min/max (rule 6)
            "Office visit,99213,CPT,,outpatient,,,250,,A PAYER,A PLAN,110,,,,other,110,110,",                         // line 11: other without notes (rule 4)
            "Office visit,,CPT,,outpatient,,,250,,,,,,,,,,,",                                                          // line 12: type without code (rule 3)
            "Ketorolac,0409-3795-01,NDC,,outpatient,,,24,12,,,,,,,,,,",                                                // line 13: NDC without drug units (rule 8)
            "Office visit,99213,CPT,,outpatient,,,0,,,,,,,,,,,",                                                       // line 14: zero
            "Office visit,99213,CPT,,outpatient,,,,,,,,,,,,,,"));                                                      // line 15: no charge (rule 5)

        Assert.Null(prices);
        Assert.DoesNotContain(errors, e => e.Line == 4);
        Assert.Contains(errors, e => e.Line == 5 && e.Field == "setting");
        Assert.Contains(errors, e => e.Line == 6 && e.Field == "code|1|type");
        Assert.Contains(errors, e => e.Line == 7 && e.Field == "standard_charge|gross" && e.Message.Contains("plain number", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Line == 8 && e.Field == "standard_charge|methodology" && e.Message.Contains("rule 1", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Line == 9 && e.Field == "estimated_amount" && e.Message.Contains("rule 7", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Line == 10 && e.Message.Contains("rule 6", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Line == 11 && e.Field == "additional_generic_notes" && e.Message.Contains("rule 4", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Line == 12 && e.Field == "code|1" && e.Message.Contains("rule 3", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Line == 13 && e.Message.Contains("rule 8", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Line == 14 && e.Message.Contains("positive", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Line == 15 && e.Message.Contains("rule 5", StringComparison.Ordinal));
        Assert.Equal("line 5: setting: is required", errors.First(e => e.Line == 5).ToString());
        var thrown = Assert.Throws<PriceFileException>(() => StandardChargesFile.Parse("t.csv", Encoding.UTF8.GetBytes(Tall("x,70551,CPT,,,,,1,,,,,,,,,,,"))));
        Assert.Contains("line 4: setting", thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_QuotedNewlinesInAnEarlierRow_LaterErrorsKeepTheirPhysicalLine()
    {
        var (_, errors) = Validate("t.csv", Tall(
            "\"MRI brain,\nwithout contrast\n(three lines)\",70551,CPT,,outpatient,,,3000,,,,,,,,,,,",   // lines 4-6
            "Office visit,99213,CPT,,nowhere,,,250,,,,,,,,,,,"));                                          // line 7

        Assert.Equal(7, Assert.Single(errors).Line);
    }

    [Fact]
    public void Validate_BrokenGeneralDataAndHeaders_NamedOnTheirRow()
    {
        var noAffirmation = "hospital_name,last_updated_on,version,hospital_location,hospital_address,license_number|ZZ\nH,July 4th,2.2.0,H,A,1\n" + TallHeader.Replace("setting,", "", StringComparison.Ordinal);
        var (prices, errors) = Validate("t.csv", noAffirmation);

        Assert.Null(prices);
        Assert.Contains(errors, e => e.Line == 1 && e.Field == "(affirmation statement)");
        Assert.Contains(errors, e => e.Line == 1 && e.Field == "license_number|ZZ");
        Assert.Contains(errors, e => e.Line == 2 && e.Field == "last_updated_on");
        Assert.Contains(errors, e => e.Line == 3 && e.Field == "setting" && e.Message.Contains("required header", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_WideFileMissingOneOfAPayersSixColumns_NamesTheMissingHeader()
    {
        var wide = Header1 + Header2 +
            "description,code|1,code|1|type,modifiers,setting,drug_unit_of_measurement,drug_type_of_measurement,standard_charge|gross,standard_charge|discounted_cash," +
            "standard_charge|Acme|Gold|negotiated_dollar,standard_charge|Acme|Gold|negotiated_percentage,standard_charge|Acme|Gold|negotiated_algorithm,estimated_amount|Acme|Gold,standard_charge|Acme|Gold|methodology," +
            "standard_charge|min,standard_charge|max,additional_generic_notes\n" +
            "Visit,99213,CPT,,outpatient,,,250,150,110,,,,fee schedule,110,110,\n";

        var (_, errors) = Validate("w.csv", wide);

        var error = Assert.Single(errors);
        Assert.Equal((3, "additional_payer_notes|Acme|Gold"), (error.Line, error.Field));
    }

    [Fact]
    public void Validate_JsonBreakingTheSchema_ErrorsNameThePathAndLine()
    {
        var json = """
            {
              "hospital_name": "H",
              "last_updated_on": "2026-01-01",
              "version": "2.2.0",
              "hospital_location": ["H"],
              "hospital_address": ["A"],
              "license_information": { "state": "IL" },
              "affirmation": { "affirmation": "I agree", "confirm_affirmation": true },
              "standard_charge_information": [
                {
                  "description": "MRI",
                  "code_information": [ { "code": "70551", "type": "CPT" } ],
                  "standard_charges": [
                    {
                      "setting": "outpatient",
                      "gross_charge": -3,
                      "payers_information": [ { "payer_name": "P", "plan_name": "Q", "standard_charge_percentage": 40, "methodology": "fee schedule" } ]
                    }
                  ]
                }
              ]
            }
            """;

        var (prices, errors) = Validate("f.json", json);

        Assert.Null(prices);
        Assert.Contains(errors, e => e.Line == 8 && e.Field == "$.affirmation.affirmation");
        Assert.Contains(errors, e => e.Line == 16 && e.Field == "$.standard_charge_information[0].standard_charges[0].gross_charge");
        Assert.Contains(errors, e => e.Line == 17 && e.Field.EndsWith("payers_information[0].estimated_amount", StringComparison.Ordinal) && e.Message.Contains("rule 7", StringComparison.Ordinal));
        Assert.Equal(3, Assert.Single(Validate("bad.json", "{\n  \"hospital_name\": \"H\",\n  oops\n}").Errors).Line);
    }
}
