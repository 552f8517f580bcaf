using System.Globalization;
using PatientAccess.Domain.Prices;
using static PatientAccess.Integrations.Prices.StandardChargeRules;

namespace PatientAccess.Integrations.Prices;

/// <summary>
/// A standard-charges CSV in the CMS template v2, "tall" (one payer and plan per row, payer_name/plan_name columns) or
/// "wide" (one column set per payer and plan, standard_charge|[payer]|[plan]|negotiated_dollar...). Row 1 names the
/// general data elements, row 2 holds their values, row 3 names the charge columns, data from row 4. Headers are
/// compared without case and without spaces around pipes; columns the template does not define are ignored.
/// </summary>
internal static class StandardChargesCsv
{
    private const string Affirmation = "affirmation";

    public static PriceList? Read(string fileName, string text, List<PriceFileError> errors)
    {
        void Error(int line, string field, string message) => errors.Add(new PriceFileError(line, field, message));
        var records = CsvRecords.Read(text, (line, message) => Error(line, "(csv)", message)).ToList();
        if (records.Count < 3)
        {
            Error(records.Count + 1, "(file)", "a CMS CSV needs the general data headers (row 1), their values (row 2) and the charge headers (row 3)");
            return null;
        }

        var hospital = General(records[0], records[1], Error);
        var layout = Layout.Parse(records[2], Error);
        if (layout is null) return null;
        var charges = new List<StandardCharge>();
        foreach (var record in records.Skip(3).Where(r => !r.IsBlank))
        {
            if (record.Fields.Count > records[2].Fields.Count && record.Fields.Skip(records[2].Fields.Count).Any(f => !string.IsNullOrWhiteSpace(f)))
            {
                Error(record.Line, "(row)", $"has {record.Fields.Count} fields; the header row has {records[2].Fields.Count}");
            }
            var charge = layout.Charge(record, Error);
            if (charge is not null) charges.Add(charge);
        }
        if (charges.Count == 0 && errors.Count == 0) Error(4, "(file)", "no standard charges");
        return hospital is null ? null : new PriceList(fileName, hospital, charges);
    }

    private static string Header(string text) =>
        string.Join('|', text.Split('|').Select(p => p.Trim())).ToLowerInvariant();

    private static HospitalInfo? General(CsvRecord headers, CsvRecord values, Action<int, string, string> error)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        string? licenseState = null;
        for (var i = 0; i < headers.Fields.Count; i++)
        {
            var raw = headers.Fields[i];
            if (string.IsNullOrWhiteSpace(raw)) continue;
            var h = Header(raw);
            if (string.Equals(raw.Trim(), AffirmationText, StringComparison.OrdinalIgnoreCase)) h = Affirmation;
            if (h.StartsWith("license_number|", StringComparison.Ordinal))
            {
                licenseState = raw.Split('|')[1].Trim().ToUpperInvariant();
                h = "license_number";
            }
            if (!index.TryAdd(h, i)) error(headers.Line, raw.Trim(), "is repeated in row 1 (headers must be unique)");
        }
        string? Value(string name, bool required)
        {
            if (!index.TryGetValue(name, out var i))
            {
                error(headers.Line, name == Affirmation ? "(affirmation statement)" : name, name == Affirmation
                    ? "row 1 must have the CMS affirmation statement as a header"
                    : name == "license_number" ? "row 1 must have license_number|[state] (the state's two-letter code)" : "is a required header in row 1");
                return null;
            }
            var v = values[i].Trim();
            if (required && v.Length == 0) error(values.Line, name == Affirmation ? "(affirmation statement)" : name, "is required");
            return v.Length == 0 ? null : v;
        }

        var name = Value("hospital_name", true);
        var updatedText = Value("last_updated_on", true);
        var version = Value("version", true);
        var locations = Value("hospital_location", true);
        var addresses = Value("hospital_address", true);
        var license = Value("license_number", false);
        var affirmed = Value(Affirmation, true);
        var financialAid = index.TryGetValue("financial_aid_policy", out var fa) ? values[fa].Trim() : null;
        if (licenseState is not null && !States.Contains(licenseState))
        {
            error(headers.Line, $"license_number|{licenseState}", "the [state] placeholder must be a two-letter state code");
        }
        var updated = updatedText is null ? null : Date(updatedText, allowUsFormat: true);
        if (updatedText is not null && updated is null) error(values.Line, "last_updated_on", "must be a date: YYYY-MM-DD (or M/D/YYYY)");
        bool? affirmation = affirmed?.ToUpperInvariant() switch { "TRUE" => true, "FALSE" => false, _ => null };
        if (affirmed is not null && affirmation is null) error(values.Line, "(affirmation statement)", "must be true or false");
        if (name is null || updated is null || version is null || locations is null || addresses is null || affirmation is null) return null;
        return new HospitalInfo(name, updated.Value, version, Split(locations), Split(addresses), license, licenseState, affirmation.Value, string.IsNullOrEmpty(financialAid) ? null : financialAid);
    }

    private static List<string> Split(string pipeSeparated) => [.. pipeSeparated.Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];

    /// <summary>Where each column of row 3 is, for the tall or the wide layout.</summary>
    private sealed class Layout
    {
        private readonly Dictionary<string, int> _columns = new(StringComparer.Ordinal);
        private readonly List<(int Code, int Type, int Number)> _codes = [];
        private readonly List<PayerColumns> _payers = [];
        private bool _wide;

        private sealed record PayerColumns(string Payer, string Plan, int Dollar, int Percentage, int Algorithm, int Estimated, int Methodology, int Notes);

        private static readonly string[] Required =
        [
            "description", "setting", "drug_unit_of_measurement", "drug_type_of_measurement", "standard_charge|gross",
            "standard_charge|discounted_cash", "modifiers", "standard_charge|min", "standard_charge|max", "additional_generic_notes",
        ];

        private static readonly string[] TallRequired =
        [
            "payer_name", "plan_name", "standard_charge|negotiated_dollar", "standard_charge|negotiated_percentage",
            "standard_charge|negotiated_algorithm", "estimated_amount", "standard_charge|methodology",
        ];

        private static readonly string[] WideElements = ["negotiated_dollar", "negotiated_percentage", "negotiated_algorithm", "estimated_amount", "methodology", "additional_payer_notes"];

        public static Layout? Parse(CsvRecord headers, Action<int, string, string> error)
        {
            var layout = new Layout();
            var wide = new Dictionary<string, (string Payer, string Plan, Dictionary<string, int> Columns)>(StringComparer.OrdinalIgnoreCase);
            var codes = new Dictionary<int, (int? Code, int? Type)>();
            for (var i = 0; i < headers.Fields.Count; i++)
            {
                var raw = headers.Fields[i];
                if (string.IsNullOrWhiteSpace(raw)) continue;
                var h = Header(raw);
                var parts = h.Split('|');
                var original = raw.Split('|').Select(p => p.Trim()).ToArray();
                if (parts[0] == "code" && parts.Length is 2 or 3 && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1)
                {
                    var (code, type) = codes.GetValueOrDefault(n);
                    codes[n] = parts.Length == 2 ? (i, type) : parts[2] == "type" ? (code, i) : (code, type);
                    if (parts.Length == 3 && parts[2] != "type") error(headers.Line, raw.Trim(), "code headers are code|[i] and code|[i]|type");
                    continue;
                }
                if (parts.Length == 4 && parts[0] == "standard_charge" && WideElements.Contains(parts[3]))
                {
                    AddWide(wide, original[1], original[2], parts[3], i, headers, raw, error);
                    continue;
                }
                if (parts.Length == 3 && parts[0] is "estimated_amount" or "additional_payer_notes")
                {
                    AddWide(wide, original[1], original[2], parts[0], i, headers, raw, error);
                    continue;
                }
                if (!layout._columns.TryAdd(h, i)) error(headers.Line, raw.Trim(), "is repeated in row 3 (headers must be unique)");
            }

            foreach (var r in Required.Where(r => !layout._columns.ContainsKey(r)))
            {
                error(headers.Line, r, "is a required header in row 3");
            }
            if (codes.Count == 0) error(headers.Line, "code|1", "row 3 needs at least code|1 and code|1|type");
            foreach (var (n, (code, type)) in codes.OrderBy(c => c.Key))
            {
                if (code is null) error(headers.Line, $"code|{n}", $"code|{n}|type has no code|{n} column");
                else if (type is null) error(headers.Line, $"code|{n}|type", $"code|{n} has no code|{n}|type column");
                else layout._codes.Add((code.Value, type.Value, n));
            }
            if (codes.Count > 0 && codes.Keys.Max() != codes.Count) error(headers.Line, "code|[i]", "code columns must be numbered 1, 2, 3... without gaps");

            var tall = layout._columns.ContainsKey("payer_name");
            layout._wide = wide.Count > 0;
            if (tall && layout._wide)
            {
                error(headers.Line, "payer_name", "a file is either tall (payer_name, plan_name) or wide (standard_charge|[payer]|[plan]|...), not both");
                return null;
            }
            // Neither tall nor wide payer columns: a file without payer-specific negotiated charges, read as wide with no payers.
            layout._wide = !tall;
            if (tall)
            {
                foreach (var r in TallRequired.Where(r => !layout._columns.ContainsKey(r))) error(headers.Line, r, "is a required header in row 3 of a tall file");
            }
            foreach (var (payer, plan, columns) in wide.Values)
            {
                foreach (var missing in WideElements.Where(e => !columns.ContainsKey(e)))
                {
                    error(headers.Line, WideHeader(payer, plan, missing), "every payer and plan needs all six payer-specific columns in a wide file");
                }
                layout._payers.Add(new PayerColumns(payer, plan,
                    columns.GetValueOrDefault("negotiated_dollar", -1), columns.GetValueOrDefault("negotiated_percentage", -1),
                    columns.GetValueOrDefault("negotiated_algorithm", -1), columns.GetValueOrDefault("estimated_amount", -1),
                    columns.GetValueOrDefault("methodology", -1), columns.GetValueOrDefault("additional_payer_notes", -1)));
            }
            return layout;
        }

        private static void AddWide(
            Dictionary<string, (string Payer, string Plan, Dictionary<string, int> Columns)> wide, string payer, string plan, string element, int column,
            CsvRecord headers, string raw, Action<int, string, string> error)
        {
            if (payer.Length == 0 || plan.Length == 0 || payer.StartsWith('[') || plan.StartsWith('['))
            {
                error(headers.Line, raw.Trim(), "the [payer_name] and [plan_name] placeholders must be replaced by the payer's and plan's names");
                return;
            }
            var key = payer + "|" + plan;
            if (!wide.TryGetValue(key, out var entry))
            {
                entry = (payer, plan, new Dictionary<string, int>(StringComparer.Ordinal));
                wide[key] = entry;
            }
            if (!entry.Columns.TryAdd(element, column)) error(headers.Line, raw.Trim(), "is repeated in row 3 (headers must be unique)");
        }

        private static string WideHeader(string payer, string plan, string element) => element switch
        {
            "estimated_amount" or "additional_payer_notes" => $"{element}|{payer}|{plan}",
            _ => $"standard_charge|{payer}|{plan}|{element}",
        };

        private string Cell(CsvRecord r, string column) => _columns.TryGetValue(column, out var i) ? r[i].Trim() : string.Empty;

        private static string? Blank(string value) => value.Length == 0 ? null : value;

        public StandardCharge? Charge(CsvRecord r, Action<int, string, string> error)
        {
            var before = 0;
            var line = r.Line;
            var count = 0;
            void Error(string field, string message)
            {
                count++;
                error(line, field, message);
            }
            decimal? Number(string column) => StandardChargeRules.Number(Cell(r, column), m => Error(column, m));

            var codes = new List<BillingCode>();
            foreach (var (codeColumn, typeColumn, n) in _codes)
            {
                var code = r[codeColumn].Trim();
                var type = r[typeColumn].Trim();
                if (code.Length == 0 && type.Length == 0) continue;
                if (code.Length == 0) Error($"code|{n}", $"code|{n}|type has a value, so code|{n} needs one (rule 3)");
                else if (type.Length == 0) Error($"code|{n}|type", $"code|{n} has a value, so its type is required (rule 3)");
                else if (!BillingCode.IsKnownType(type)) Error($"code|{n}|type", "is not a CMS code type (CPT, HCPCS, MS-DRG, RC, NDC, ...)");
                else codes.Add(new BillingCode(code, type));
            }

            var settingText = Cell(r, "setting");
            var setting = Setting(settingText);
            if (setting is null) Error("setting", settingText.Length == 0 ? "is required" : "must be inpatient, outpatient or both");
            var drugType = Blank(Cell(r, "drug_type_of_measurement"));
            if (drugType is not null && !DrugTypes.Contains(drugType.ToUpperInvariant())) Error("drug_type_of_measurement", "must be one of GR, ME, ML, UN, F2, EA, GM");
            var drugUnit = Blank(Cell(r, "drug_unit_of_measurement"));
            if (drugUnit is not null) Number("drug_unit_of_measurement");
            var billingText = Blank(Cell(r, "billing_class"));
            var billing = Billing(billingText);
            if (billingText is not null && billing is null) Error("billing_class", "must be professional, facility or both");

            var gross = Number("standard_charge|gross");
            var cash = Number("standard_charge|discounted_cash");
            var min = Number("standard_charge|min");
            var max = Number("standard_charge|max");
            var notes = Blank(Cell(r, "additional_generic_notes"));
            var rates = new List<NegotiatedCharge>();
            var notesByRate = new Dictionary<NegotiatedCharge, bool>(ReferenceEqualityComparer.Instance);
            var fieldByRate = new Dictionary<NegotiatedCharge, PayerColumns>(ReferenceEqualityComparer.Instance);
            if (_wide)
            {
                foreach (var p in _payers)
                {
                    string Get(int column) => column < 0 ? string.Empty : r[column].Trim();
                    var rate = Rate(p.Payer, p.Plan, Get(p.Dollar), Get(p.Percentage), Get(p.Algorithm), Get(p.Estimated), Get(p.Methodology),
                        Blank(Get(p.Notes)), (element, m) => Error(WideHeader(p.Payer, p.Plan, element), m));
                    if (rate is null) continue;
                    rates.Add(rate);
                    notesByRate[rate] = rate.Notes is not null;
                    fieldByRate[rate] = p;
                }
            }
            else
            {
                var payer = Cell(r, "payer_name");
                var plan = Cell(r, "plan_name");
                var rate = Rate(payer, plan, Cell(r, "standard_charge|negotiated_dollar"), Cell(r, "standard_charge|negotiated_percentage"),
                    Cell(r, "standard_charge|negotiated_algorithm"), Cell(r, "estimated_amount"), Cell(r, "standard_charge|methodology"),
                    notes, (element, m) => Error(element switch
                    {
                        "estimated_amount" => "estimated_amount",
                        _ => "standard_charge|" + element,
                    }, m));
                if (rate is not null)
                {
                    rates.Add(rate);
                    notesByRate[rate] = notes is not null;
                }
            }

            var modifiers = Cell(r, "modifiers").Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList();
            var charge = new StandardCharge(line, Cell(r, "description"), codes, modifiers, setting ?? ChargeSetting.Both, billing,
                gross, cash, min, max, rates, notes, drugUnit, drugType?.ToUpperInvariant());
            Check(charge, (element, rate) => Field(element, rate is null ? null : fieldByRate.GetValueOrDefault(rate)),
                rate => notesByRate.GetValueOrDefault(rate), Error);
            return count > before ? null : charge;
        }

        private string Field(Element element, PayerColumns? payer) => element switch
        {
            Element.Description => "description",
            Element.Code => _codes.Count > 0 ? $"code|{_codes[0].Number}" : "code|1",
            Element.Setting => "setting",
            Element.DrugUnit => "drug_unit_of_measurement",
            Element.DrugType => "drug_type_of_measurement",
            Element.Gross => "standard_charge|gross",
            Element.DiscountedCash => "standard_charge|discounted_cash",
            Element.Minimum => "standard_charge|min",
            Element.Maximum => "standard_charge|max",
            Element.Modifiers => "modifiers",
            Element.PayerName => "payer_name",
            Element.PlanName => "plan_name",
            Element.Dollar => payer is null ? "standard_charge|negotiated_dollar" : WideHeader(payer.Payer, payer.Plan, "negotiated_dollar"),
            Element.Percentage => payer is null ? "standard_charge|negotiated_percentage" : WideHeader(payer.Payer, payer.Plan, "negotiated_percentage"),
            Element.Algorithm => payer is null ? "standard_charge|negotiated_algorithm" : WideHeader(payer.Payer, payer.Plan, "negotiated_algorithm"),
            Element.EstimatedAmount => payer is null ? "estimated_amount" : WideHeader(payer.Payer, payer.Plan, "estimated_amount"),
            Element.Methodology => payer is null ? "standard_charge|methodology" : WideHeader(payer.Payer, payer.Plan, "methodology"),
            _ => payer is null ? "additional_generic_notes" : WideHeader(payer.Payer, payer.Plan, "additional_payer_notes"),
        };

        /// <summary>A payer's rate from its cells; null when every rate cell is blank (the payer and plan have nothing for this row).</summary>
        private static NegotiatedCharge? Rate(
            string payer, string plan, string dollarText, string percentageText, string algorithm, string estimatedText, string methodologyText,
            string? notes, Action<string, string> error)
        {
            if (dollarText.Length == 0 && percentageText.Length == 0 && algorithm.Length == 0 && estimatedText.Length == 0 && methodologyText.Length == 0)
            {
                return null;
            }
            var dollar = StandardChargeRules.Number(dollarText, m => error("negotiated_dollar", m));
            var percentage = StandardChargeRules.Number(percentageText, m => error("negotiated_percentage", m));
            var estimated = StandardChargeRules.Number(estimatedText, m => error("estimated_amount", m));
            var methodology = Methodology(methodologyText);
            if (methodologyText.Length > 0 && methodology is null)
            {
                error("methodology", "must be case rate, fee schedule, percent of total billed charges, per diem or other");
            }
            return new NegotiatedCharge(payer, plan, dollar, percentage, algorithm.Length == 0 ? null : algorithm, estimated, methodology, notes);
        }
    }
}
