using System.Globalization;
using System.Text.Json;
using PatientAccess.Domain.Prices;
using static PatientAccess.Integrations.Prices.StandardChargeRules;

namespace PatientAccess.Integrations.Prices;

/// <summary>
/// A standard-charges JSON file in the CMS template v2 (schema v2.2): the root's general data, then
/// standard_charge_information[] with code_information[], drug_information and standard_charges[] with
/// payers_information[]. Errors name the JSON path and the line it is on.
/// </summary>
internal static class StandardChargesJson
{
    public static PriceList? Read(string fileName, ReadOnlySpan<byte> utf8, List<PriceFileError> errors)
    {
        Node root;
        try
        {
            var lines = new LineIndex(utf8);
            var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
            reader.Read();
            root = Node.Read(ref reader, "$", lines);
        }
        catch (JsonException e)
        {
            errors.Add(new PriceFileError((int)(e.LineNumber ?? 0) + 1, e.Path is { Length: > 0 } p ? p : "$", "is not valid JSON"));
            return null;
        }
        void Error(Node at, string message) => errors.Add(new PriceFileError(at.Line, at.Path, message));
        if (root.Kind != JsonValueKind.Object)
        {
            Error(root, "must be an object");
            return null;
        }

        var hospital = General(root, Error);
        var charges = new List<StandardCharge>();
        var items = root.Array("standard_charge_information", Error, required: true, minItems: 1);
        foreach (var item in items)
        {
            charges.AddRange(Item(item, Error));
        }
        foreach (var modifier in root.Array("modifier_information", Error, required: false, minItems: 0))
        {
            modifier.String("description", Error, required: true);
            modifier.String("code", Error, required: true);
            foreach (var p in modifier.Array("modifier_payer_information", Error, required: true, minItems: 1))
            {
                p.String("payer_name", Error, required: true);
                p.String("plan_name", Error, required: true);
                p.String("description", Error, required: true);
            }
        }
        return hospital is null ? null : new PriceList(fileName, hospital, charges);
    }

    private static HospitalInfo? General(Node root, Action<Node, string> error)
    {
        var name = root.String("hospital_name", error, required: true);
        var updatedText = root.String("last_updated_on", error, required: true);
        var updated = updatedText is null ? null : Date(updatedText, allowUsFormat: false);
        if (updatedText is not null && updated is null) error(root["last_updated_on"]!, "must be a date: YYYY-MM-DD");
        var version = root.String("version", error, required: true);
        var locations = root.Array("hospital_location", error, required: true, minItems: 1).Select(n => n.Text(error)).OfType<string>().ToList();
        var addresses = root.Array("hospital_address", error, required: true, minItems: 1).Select(n => n.Text(error)).OfType<string>().ToList();
        var license = root.Object("license_information", error, required: true);
        var state = license?.String("state", error, required: true);
        if (state is not null && !States.Contains(state)) error(license!["state"]!, "must be a two-letter state or territory code");
        var licenseNumber = license?.String("license_number", error, required: false);
        var affirmation = root.Object("affirmation", error, required: true);
        var text = affirmation?.String("affirmation", error, required: true);
        if (text is not null && text != AffirmationText) error(affirmation!["affirmation"]!, "must be the CMS affirmation statement, word for word");
        var confirmed = affirmation?.Bool("confirm_affirmation", error, required: true);
        var aid = root.String("financial_aid_policy", error, required: false);
        if (name is null || updated is null || version is null || confirmed is null) return null;
        return new HospitalInfo(name, updated.Value, version, locations, addresses, licenseNumber, state, confirmed.Value, aid);
    }

    private static IEnumerable<StandardCharge> Item(Node item, Action<Node, string> error)
    {
        var description = item.String("description", error, required: true) ?? string.Empty;
        var codes = new List<BillingCode>();
        foreach (var c in item.Array("code_information", error, required: true, minItems: 1))
        {
            var code = c.String("code", error, required: true);
            var type = c.String("type", error, required: true);
            if (type is not null && !BillingCode.IsKnownType(type)) error(c["type"]!, "is not a CMS code type (CPT, HCPCS, MS-DRG, RC, NDC, ...)");
            else if (code is not null && type is not null) codes.Add(new BillingCode(code, type));
        }
        var drug = item.Object("drug_information", error, required: false);
        var drugUnit = drug?.String("unit", error, required: true);
        var drugType = drug?.String("type", error, required: true);
        if (drugType is not null && !DrugTypes.Contains(drugType)) error(drug!["type"]!, "must be one of GR, ME, ML, UN, F2, EA, GM");

        foreach (var sc in item.Array("standard_charges", error, required: true, minItems: 1))
        {
            var failed = false;
            void Error(Node at, string message)
            {
                failed = true;
                error(at, message);
            }
            var settingText = sc.String("setting", Error, required: true);
            var setting = Setting(settingText);
            if (settingText is not null && setting is null) Error(sc["setting"]!, "must be inpatient, outpatient or both");
            var billingText = sc.String("billing_class", Error, required: false);
            var billing = Billing(billingText);
            if (billingText is not null && billing is null) Error(sc["billing_class"]!, "must be professional, facility or both");
            var rates = new List<NegotiatedCharge>();
            var rateNodes = new Dictionary<NegotiatedCharge, Node>(ReferenceEqualityComparer.Instance);
            foreach (var p in sc.Array("payers_information", Error, required: false, minItems: 1))
            {
                var methodologyText = p.String("methodology", Error, required: true);
                var methodology = Methodology(methodologyText);
                if (methodologyText is not null && methodology is null) Error(p["methodology"]!, "must be case rate, fee schedule, percent of total billed charges, per diem or other");
                var rate = new NegotiatedCharge(
                    p.String("payer_name", Error, required: true) ?? string.Empty,
                    p.String("plan_name", Error, required: true) ?? string.Empty,
                    p.Positive("standard_charge_dollar", Error),
                    p.Positive("standard_charge_percentage", Error),
                    p.String("standard_charge_algorithm", Error, required: false),
                    p.Positive("estimated_amount", Error),
                    methodology,
                    p.String("additional_payer_notes", Error, required: false));
                rates.Add(rate);
                rateNodes[rate] = p;
            }
            var charge = new StandardCharge(
                sc.Line, description, codes, [], setting ?? ChargeSetting.Both, billing,
                sc.Positive("gross_charge", Error), sc.Positive("discounted_cash", Error), sc.Positive("minimum", Error), sc.Positive("maximum", Error),
                rates, sc.String("additional_generic_notes", Error, required: false), drugUnit, drugType);
            var lines = new Dictionary<string, int>(StringComparer.Ordinal);
            string Named(Element element, NegotiatedCharge? rate)
            {
                var at = rate is null ? (element is Element.Description or Element.Code or Element.DrugUnit or Element.DrugType ? item : sc) : rateNodes[rate];
                var path = Path(item, sc, rate is null ? null : rateNodes[rate], element);
                lines[path] = at.Line;
                return path;
            }
            Check(charge, Named, rate => !string.IsNullOrWhiteSpace(rate.Notes), (path, message) =>
            {
                failed = true;
                error(new Node(JsonValueKind.Null, path, lines.GetValueOrDefault(path, sc.Line)), message);
            });
            if (!failed) yield return charge;
        }
    }

    private static string Path(Node item, Node charge, Node? rate, Element element) => element switch
    {
        Element.Description => item.Path + ".description",
        Element.Code => item.Path + ".code_information",
        Element.DrugUnit => item.Path + ".drug_information.unit",
        Element.DrugType => item.Path + ".drug_information.type",
        Element.Modifiers or Element.Gross => charge.Path + ".gross_charge",
        Element.DiscountedCash => charge.Path + ".discounted_cash",
        Element.Minimum => charge.Path + ".minimum",
        Element.Maximum => charge.Path + ".maximum",
        Element.Setting => charge.Path + ".setting",
        Element.PayerName => (rate ?? charge).Path + ".payer_name",
        Element.PlanName => (rate ?? charge).Path + ".plan_name",
        Element.Dollar => (rate ?? charge).Path + ".standard_charge_dollar",
        Element.Percentage => (rate ?? charge).Path + ".standard_charge_percentage",
        Element.Algorithm => (rate ?? charge).Path + ".standard_charge_algorithm",
        Element.EstimatedAmount => (rate ?? charge).Path + ".estimated_amount",
        Element.Methodology => (rate ?? charge).Path + ".methodology",
        _ => (rate ?? charge).Path + ".additional_payer_notes",
    };

    /// <summary>Line numbers of byte offsets.</summary>
    private sealed class LineIndex
    {
        private readonly List<int> _starts = [0];

        public LineIndex(ReadOnlySpan<byte> utf8)
        {
            for (var i = 0; i < utf8.Length; i++)
            {
                if (utf8[i] == (byte)'\n') _starts.Add(i + 1);
            }
        }

        public int LineOf(long offset)
        {
            var i = _starts.BinarySearch((int)offset);
            return (i >= 0 ? i : ~i - 1) + 1;
        }
    }

    /// <summary>A JSON value with its path and the line it starts on.</summary>
    private sealed class Node(JsonValueKind kind, string path, int line)
    {
        public JsonValueKind Kind { get; } = kind;

        public string Path { get; } = path;

        public int Line { get; } = line;

        public string? StringValue { get; private init; }

        public decimal? NumberValue { get; private init; }

        public List<(string Name, Node Value)> Properties { get; } = [];

        public List<Node> Items { get; } = [];

        public Node? this[string name] => Properties.FirstOrDefault(p => p.Name == name).Value;

        public static Node Read(ref Utf8JsonReader r, string path, LineIndex lines)
        {
            var line = lines.LineOf(r.TokenStartIndex);
            switch (r.TokenType)
            {
                case JsonTokenType.StartObject:
                    var o = new Node(JsonValueKind.Object, path, line);
                    while (r.Read() && r.TokenType != JsonTokenType.EndObject)
                    {
                        var name = r.GetString()!;
                        r.Read();
                        o.Properties.Add((name, Read(ref r, path + "." + name, lines)));
                    }
                    return o;
                case JsonTokenType.StartArray:
                    var a = new Node(JsonValueKind.Array, path, line);
                    while (r.Read() && r.TokenType != JsonTokenType.EndArray)
                    {
                        a.Items.Add(Read(ref r, path + "[" + a.Items.Count.ToString(CultureInfo.InvariantCulture) + "]", lines));
                    }
                    return a;
                case JsonTokenType.String:
                    return new Node(JsonValueKind.String, path, line) { StringValue = r.GetString() };
                case JsonTokenType.Number:
                    return new Node(JsonValueKind.Number, path, line) { NumberValue = r.TryGetDecimal(out var d) ? d : null };
                case JsonTokenType.True:
                    return new Node(JsonValueKind.True, path, line);
                case JsonTokenType.False:
                    return new Node(JsonValueKind.False, path, line);
                default:
                    return new Node(JsonValueKind.Null, path, line);
            }
        }

        public string? Text(Action<Node, string> error)
        {
            if (Kind == JsonValueKind.String) return StringValue;
            error(this, "must be a string");
            return null;
        }

        public string? String(string name, Action<Node, string> error, bool required)
        {
            var n = this[name];
            if (n is null || n.Kind == JsonValueKind.Null)
            {
                if (required) error(this, $"{name} is required");
                return null;
            }
            var text = n.Text(error);
            if (required && string.IsNullOrEmpty(text))
            {
                if (text is not null) error(n, "must not be empty");
                return null;
            }
            return text;
        }

        public bool? Bool(string name, Action<Node, string> error, bool required)
        {
            var n = this[name];
            if (n is null)
            {
                if (required) error(this, $"{name} is required");
                return null;
            }
            if (n.Kind is JsonValueKind.True or JsonValueKind.False) return n.Kind == JsonValueKind.True;
            error(n, "must be true or false");
            return null;
        }

        public decimal? Positive(string name, Action<Node, string> error)
        {
            var n = this[name];
            if (n is null || n.Kind == JsonValueKind.Null) return null;
            if (n.Kind != JsonValueKind.Number || n.NumberValue is null)
            {
                error(n, "must be a number");
                return null;
            }
            if (n.NumberValue <= 0)
            {
                error(n, "must be a positive number (0 and negative numbers are not valid)");
                return null;
            }
            return n.NumberValue;
        }

        public Node? Object(string name, Action<Node, string> error, bool required)
        {
            var n = this[name];
            if (n is null)
            {
                if (required) error(this, $"{name} is required");
                return null;
            }
            if (n.Kind == JsonValueKind.Object) return n;
            error(n, "must be an object");
            return null;
        }

        public List<Node> Array(string name, Action<Node, string> error, bool required, int minItems)
        {
            var n = this[name];
            if (n is null)
            {
                if (required) error(this, $"{name} is required");
                return [];
            }
            if (n.Kind != JsonValueKind.Array)
            {
                error(n, "must be an array");
                return [];
            }
            if (n.Items.Count < minItems) error(n, $"needs at least {minItems} item(s)");
            return n.Items;
        }
    }
}
