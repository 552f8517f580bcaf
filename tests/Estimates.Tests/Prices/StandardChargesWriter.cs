using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using PatientAccess.Domain.Prices;

namespace PatientAccess.Estimates.Tests.Prices;

/// <summary>Writes a price list in the CMS template v2 (tall CSV, wide CSV, JSON), for round-trip tests of the loader.</summary>
internal static class StandardChargesWriter
{
    public const string Affirmation = "To the best of its knowledge and belief, the hospital has included all applicable standard charge information in accordance with the requirements of 45 CFR 180.50, and the information encoded is true, accurate, and complete as of the date indicated.";

    private static readonly string[] Common =
    [
        "description", "code|1", "code|1|type", "code|2", "code|2|type", "modifiers", "setting", "drug_unit_of_measurement",
        "drug_type_of_measurement", "standard_charge|gross", "standard_charge|discounted_cash",
    ];

    /// <param name="mutate">Changes the cells of the n-th data row (0-based) before it is written, to make a broken file.</param>
    public static string Tall(PriceList list, Func<int, string[], string[]>? mutate = null)
    {
        var index = 0;
        var csv = new StringBuilder();
        General(csv, list.Hospital);
        Row(csv, [.. Common, "payer_name", "plan_name", "standard_charge|negotiated_dollar", "standard_charge|negotiated_percentage",
            "standard_charge|negotiated_algorithm", "estimated_amount", "standard_charge|methodology", "standard_charge|min", "standard_charge|max",
            "additional_generic_notes", "billing_class"]);
        foreach (var c in list.Charges)
        {
            foreach (var n in c.Negotiated.Count == 0 ? [null] : c.Negotiated.Cast<NegotiatedCharge?>())
            {
                string[] cells = [.. Start(c), n?.PayerName ?? "", n?.PlanName ?? "", N(n?.Dollar), N(n?.Percentage), n?.Algorithm ?? "", N(n?.EstimatedAmount),
                    Methodology(n?.Methodology), N(c.Minimum), N(c.Maximum), n?.Notes ?? c.Notes ?? "", Lower(c.BillingClass)];
                Row(csv, mutate is null ? cells : mutate(index, cells));
                index++;
            }
        }
        return csv.ToString();
    }

    public static string Wide(PriceList list)
    {
        var plans = list.Charges.SelectMany(c => c.Negotiated).Select(n => (n.PayerName, n.PlanName)).Distinct().ToList();
        var csv = new StringBuilder();
        General(csv, list.Hospital);
        var headers = new List<string>(Common);
        foreach (var (payer, plan) in plans)
        {
            headers.AddRange([$"standard_charge|{payer}|{plan}|negotiated_dollar", $"standard_charge|{payer}|{plan}|negotiated_percentage",
                $"standard_charge|{payer}|{plan}|negotiated_algorithm", $"estimated_amount|{payer}|{plan}", $"standard_charge|{payer}|{plan}|methodology",
                $"additional_payer_notes|{payer}|{plan}"]);
        }
        headers.AddRange(["standard_charge|min", "standard_charge|max", "additional_generic_notes", "billing_class"]);
        Row(csv, headers);
        foreach (var c in list.Charges)
        {
            var cells = new List<string>(Start(c));
            foreach (var (payer, plan) in plans)
            {
                var n = c.Negotiated.FirstOrDefault(x => x.PayerName == payer && x.PlanName == plan);
                cells.AddRange([N(n?.Dollar), N(n?.Percentage), n?.Algorithm ?? "", N(n?.EstimatedAmount), Methodology(n?.Methodology), n?.Notes ?? ""]);
            }
            cells.AddRange([N(c.Minimum), N(c.Maximum), c.Notes ?? "", Lower(c.BillingClass)]);
            Row(csv, cells);
        }
        return csv.ToString();
    }

    public static string Json(PriceList list)
    {
        var h = list.Hospital;
        var root = new JsonObject
        {
            ["hospital_name"] = h.Name,
            ["last_updated_on"] = h.LastUpdatedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["version"] = h.Version,
            ["hospital_location"] = new JsonArray([.. h.Locations.Select(l => (JsonNode)l)]),
            ["hospital_address"] = new JsonArray([.. h.Addresses.Select(a => (JsonNode)a)]),
            ["license_information"] = new JsonObject { ["license_number"] = h.LicenseNumber, ["state"] = h.LicenseState },
            ["affirmation"] = new JsonObject { ["affirmation"] = Affirmation, ["confirm_affirmation"] = h.Affirmed },
        };
        var items = new JsonArray();
        foreach (var c in list.Charges)
        {
            var charge = new JsonObject { ["setting"] = c.Setting.ToString().ToLowerInvariant() };
            if (c.GrossCharge is { } g) charge["gross_charge"] = g;
            if (c.DiscountedCash is { } d) charge["discounted_cash"] = d;
            if (c.Minimum is { } min) charge["minimum"] = min;
            if (c.Maximum is { } max) charge["maximum"] = max;
            if (c.BillingClass is { } b) charge["billing_class"] = b.ToString().ToLowerInvariant();
            if (c.Notes is { } notes) charge["additional_generic_notes"] = notes;
            if (c.Negotiated.Count > 0)
            {
                charge["payers_information"] = new JsonArray([.. c.Negotiated.Select(n =>
                {
                    var p = new JsonObject { ["payer_name"] = n.PayerName, ["plan_name"] = n.PlanName, ["methodology"] = Methodology(n.Methodology) };
                    if (n.Dollar is { } dollar) p["standard_charge_dollar"] = dollar;
                    if (n.Percentage is { } pct) p["standard_charge_percentage"] = pct;
                    if (n.Algorithm is { } alg) p["standard_charge_algorithm"] = alg;
                    if (n.EstimatedAmount is { } est) p["estimated_amount"] = est;
                    if (n.Notes is { } pn) p["additional_payer_notes"] = pn;
                    return (JsonNode)p;
                })]);
            }
            var item = new JsonObject
            {
                ["description"] = c.Description,
                ["code_information"] = new JsonArray([.. c.Codes.Select(x => (JsonNode)new JsonObject { ["code"] = x.Code, ["type"] = x.Type })]),
                ["standard_charges"] = new JsonArray(charge),
            };
            if (c.DrugUnit is not null) item["drug_information"] = new JsonObject { ["unit"] = c.DrugUnit, ["type"] = c.DrugType };
            items.Add(item);
        }
        root["standard_charge_information"] = items;
        return root.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
    }

    private static void General(StringBuilder csv, HospitalInfo h)
    {
        Row(csv, ["hospital_name", "last_updated_on", "version", "hospital_location", "hospital_address", $"license_number|{h.LicenseState}", Affirmation]);
        Row(csv, [h.Name, h.LastUpdatedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), h.Version, string.Join('|', h.Locations),
            string.Join('|', h.Addresses), h.LicenseNumber ?? "", h.Affirmed ? "true" : "false"]);
    }

    private static string[] Start(StandardCharge c) =>
    [
        c.Description, c.Codes.Count > 0 ? c.Codes[0].Code : "", c.Codes.Count > 0 ? c.Codes[0].Type : "",
        c.Codes.Count > 1 ? c.Codes[1].Code : "", c.Codes.Count > 1 ? c.Codes[1].Type : "", string.Join('|', c.Modifiers),
        c.Setting.ToString().ToLowerInvariant(), c.DrugUnit ?? "", c.DrugType ?? "", N(c.GrossCharge), N(c.DiscountedCash),
    ];

    public static void Row(StringBuilder csv, IEnumerable<string> cells) =>
        csv.Append(string.Join(',', cells.Select(Quote))).Append('\n');

    private static string Quote(string cell) =>
        cell.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : cell;

    private static string N(decimal? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

    private static string Lower(BillingClass? c) => c?.ToString().ToLowerInvariant() ?? "";

    public static string Methodology(ChargeMethodology? m) => m is { } methodology ? ChargeMethodologies.Describe(methodology) : "";
}
