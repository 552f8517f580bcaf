using System.Text;
using CsCheck;
using PatientAccess.Domain.Prices;
using PatientAccess.Integrations.Prices;

namespace PatientAccess.Estimates.Tests.Prices;

/// <summary>
/// The loader over generated files: any valid price list written as tall CSV, wide CSV or JSON loads back to the same
/// charges; one broken cell in any row is reported on that row's line and nowhere else; any text at all is answered
/// with a list or errors, never an exception.
/// </summary>
public sealed class StandardChargesPropertyTests
{
    private static readonly HospitalInfo Hospital = new("Generated Hospital", new DateOnly(2026, 2, 1), "2.2.0", ["Generated Hospital", "Annex"], ["1 Main St, Springfield, IL 62701", "2 Side St, Springfield, IL 62702"], "H-9", "IL", true);
    private static readonly (string Payer, string Plan)[] Plans = [("Acme Health", "Gold PPO"), ("Acme Health", "Silver HMO"), ("Beta Care", "Basic")];

    private static readonly Gen<decimal> Amount = Gen.Int[1, 9_999_999].Select(c => c / 100m);

    private static readonly Gen<string> Text = Gen.OneOf(
        Gen.String[Gen.Char["abcdefghij KLMNOP0123"], 1, 30].Where(s => s.Trim().Length > 0).Select(s => s.Trim()),
        Gen.Const("MRI, brain \"with\" contrast"), Gen.Const("Two\nlines"), Gen.Const("Élan café"));

    private static readonly Gen<BillingCode> Code = Gen.OneOf(
        Gen.Int[10000, 99999].Select(n => new BillingCode(n.ToString(System.Globalization.CultureInfo.InvariantCulture), "CPT")),
        Gen.Int[1000, 9999].Select(n => new BillingCode("J" + n.ToString(System.Globalization.CultureInfo.InvariantCulture), "HCPCS")),
        Gen.Int[1, 999].Select(n => new BillingCode(n.ToString("000", System.Globalization.CultureInfo.InvariantCulture), "MS-DRG")),
        Gen.Int[100, 999].Select(n => new BillingCode("0" + n.ToString(System.Globalization.CultureInfo.InvariantCulture), "RC")));

    private static readonly Gen<NegotiatedCharge> Rate =
        Gen.Select(Gen.Int[0, Plans.Length - 1], Gen.Int[0, 2], Amount, Gen.Int[1, 300], Amount, Gen.Int[0, 3])
            .Select((plan, kind, dollar, percent, estimated, method) => kind switch
            {
                0 => new NegotiatedCharge(Plans[plan].Payer, Plans[plan].Plan, dollar, null, null, null, (ChargeMethodology)method, null),
                1 => new NegotiatedCharge(Plans[plan].Payer, Plans[plan].Plan, null, percent, null, estimated, ChargeMethodology.PercentOfTotalBilledCharges, null),
                _ => new NegotiatedCharge(Plans[plan].Payer, Plans[plan].Plan, null, null, "weight x base rate", estimated, ChargeMethodology.CaseRate, null),
            });

    private static readonly Gen<StandardCharge> Charge =
        Gen.Select(Text, Code.Array[1, 2], Gen.Int[0, 2], Gen.Frequency((1, Gen.Const((decimal?)null)), (3, Amount.Select(a => (decimal?)a))), Gen.Frequency((1, Gen.Const((decimal?)null)), (3, Amount.Select(a => (decimal?)a))), Rate.Array[0, 3])
            .Select((description, codes, setting, gross, cash, rates) =>
            {
                var distinct = rates.DistinctBy(r => (r.PayerName, r.PlanName)).ToList();
                if (gross is null && cash is null && distinct.Count == 0) gross = 100m;
                var dollars = distinct.Where(r => r.Dollar is not null).Select(r => r.Dollar!.Value).ToList();
                return new StandardCharge(0, description, codes.DistinctBy(c => c.Code).ToList(), [], (ChargeSetting)setting, null, gross, cash,
                    dollars.Count == 0 ? null : dollars.Min(), dollars.Count == 0 ? null : dollars.Max(), distinct);
            });

    private static readonly Gen<PriceList> List = Charge.Array[1, 12].Select(c => new PriceList("generated", Hospital, c));

    /// <summary>A charge and its rates as flat facts, the same whatever the layout (tall repeats the item per payer).</summary>
    private static List<string> Facts(PriceList list) =>
    [
        .. list.Charges.SelectMany(c => (c.Negotiated.Count == 0 ? [null] : c.Negotiated.Cast<NegotiatedCharge?>()).Select(n =>
            $"{c.Description}|{string.Join(",", c.Codes)}|{c.Setting}|{c.GrossCharge}|{c.DiscountedCash}|{c.Minimum}|{c.Maximum}|" +
            $"{n?.PayerName}|{n?.PlanName}|{n?.Dollar}|{n?.Percentage}|{n?.Algorithm}|{n?.EstimatedAmount}|{n?.Methodology}"))
            .Order(StringComparer.Ordinal),
    ];

    private static PriceList Load(string name, string text)
    {
        var (prices, errors) = StandardChargesFile.Validate(name, Encoding.UTF8.GetBytes(text));
        Assert.True(prices is not null, string.Join("\n", errors.Take(5)));
        return prices;
    }

    [Fact]
    public void Load_AnyValidListInEveryLayout_GivesBackTheSameCharges()
    {
        List.Sample(list =>
        {
            var expected = Facts(list);
            var tall = Load("g.csv", StandardChargesWriter.Tall(list));
            Assert.Equal(expected, Facts(tall));
            Assert.Equal(expected, Facts(Load("g.csv", StandardChargesWriter.Wide(list))));
            Assert.Equal(expected, Facts(Load("g.json", StandardChargesWriter.Json(list))));
            Assert.Equal((Hospital.Name, Hospital.LastUpdatedOn, Hospital.Version, Hospital.LicenseNumber, Hospital.LicenseState, Hospital.Affirmed),
                (tall.Hospital.Name, tall.Hospital.LastUpdatedOn, tall.Hospital.Version, tall.Hospital.LicenseNumber, tall.Hospital.LicenseState, tall.Hospital.Affirmed));
            Assert.Equal(Hospital.Locations, tall.Hospital.Locations);
            Assert.Equal(Hospital.Addresses, tall.Hospital.Addresses);
        }, iter: 300);
    }

    private static readonly (string Name, int Column, string Value, string Field)[] Faults =
    [
        ("blank description", 0, "", "description"),
        ("unknown code type", 2, "XYZ", "code|1|type"),
        ("no setting", 6, "", "setting"),
        ("setting not in the list", 6, "ambulatory", "setting"),
        ("negative gross charge", 9, "-5", "standard_charge|gross"),
        ("dollar sign", 10, "$12.00", "standard_charge|discounted_cash"),
        ("drug type without unit", 8, "ML", "drug_unit_of_measurement"),
    ];

    [Fact]
    public void Validate_OneBrokenCellInAnyRow_ReportedOnThatRowsLineOnly()
    {
        Gen.Select(List, Gen.Int[0, 1000], Gen.Int[0, Faults.Length - 1]).Sample((list, pick, f) =>
        {
            var valid = Load("g.csv", StandardChargesWriter.Tall(list));
            var row = pick % valid.Charges.Count;
            var fault = Faults[f];
            var broken = StandardChargesWriter.Tall(list, (i, cells) =>
            {
                if (i == row) cells[fault.Column] = fault.Value;
                return cells;
            });

            var (prices, errors) = StandardChargesFile.Validate("g.csv", Encoding.UTF8.GetBytes(broken));

            Assert.Null(prices);
            Assert.NotEmpty(errors);
            Assert.All(errors, e => Assert.Equal(valid.Charges[row].Line, e.Line));
            Assert.Contains(errors, e => e.Field == fault.Field);
        }, iter: 500);
    }

    [Fact]
    public void Validate_AnyText_AnswersWithoutThrowing()
    {
        var header = StandardChargesWriter.Tall(new PriceList("x", Hospital, [new StandardCharge(0, "d", [new BillingCode("99213", "CPT")], [], ChargeSetting.Both, null, 1m, null, null, null, [])]));
        Gen.OneOf(
            Gen.String,
            Gen.String[Gen.Char[",\"\n\r|abc01{}[]:"], 0, 200],
            Gen.String[Gen.Char[",\"\n\r|abc01"], 0, 200].Select(tail => header + tail),
            Gen.String[Gen.Char["{}[]\":,0123 abc\n"], 0, 200].Select(s => "{" + s)).Sample(text =>
        {
            foreach (var name in new[] { "x.csv", "x.json" })
            {
                var (prices, errors) = StandardChargesFile.Validate(name, Encoding.UTF8.GetBytes(text));
                Assert.True(prices is not null || errors.Count > 0);
                Assert.All(errors, e => Assert.True(e.Line >= 1));
            }
        }, iter: 3000);
    }
}
