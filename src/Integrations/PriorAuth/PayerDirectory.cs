using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Json.Schema;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PatientAccess.Domain.PriorAuth;

namespace PatientAccess.Integrations.PriorAuth;

/// <summary>
/// The payer directory (configuration, <see cref="PriorAuthOptions.Payers"/>) and the payers' authorization lists,
/// read once from <see cref="PriorAuthOptions.RulesDirectory"/>: each <c>{payerId}.json</c> is checked against
/// <c>payer-rules.schema.json</c> and then for sense (ranges in order, the payer id equal to the file name). A file
/// that fails is refused with the reason at start-up, never half used.
/// </summary>
public sealed class PayerDirectory : IPriorAuthPayerDirectory, IPriorAuthNotificationAuthenticator
{
    public const string SchemaFile = "payer-rules.schema.json";

    private readonly PriorAuthOptions _options;
    private readonly IConfiguration _configuration;
    private readonly Dictionary<string, PayerRules> _rules;

    public PayerDirectory(IOptions<PriorAuthOptions> options, IConfiguration configuration, ILogger<PayerDirectory> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _configuration = configuration;
        var directory = Path.IsPathRooted(_options.RulesDirectory) ? _options.RulesDirectory : Path.Combine(AppContext.BaseDirectory, _options.RulesDirectory);
        _rules = LoadAll(directory);
        PriorAuthLog.RulesLoaded(logger, _rules.Count, _options.RulesDirectory);
    }

    public PriorAuthPayer? Find(string payerId) => Entry(payerId)?.ToDomain();

    public PayerRules? RulesFor(string payerId) => _rules.GetValueOrDefault(payerId.Trim());

    public PayerDirectoryEntry? Entry(string payerId) =>
        _options.Payers.Find(p => string.Equals(p.PayerId, payerId?.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>The PAS FHIR base of the payer, ending with '/'.</summary>
    public Uri PasBase(string payerId)
    {
        var url = Entry(payerId)?.BaseUrl ?? _options.BaseUrl ?? throw new InvalidOperationException($"No PAS base URL for payer {payerId}.");
        var text = url.ToString();
        return new Uri(text.EndsWith('/') ? text : text + "/");
    }

    /// <summary>
    /// The payer whose configured notification secret the request carries, comparing every payer's secret in constant
    /// time (hashes of equal length, no early exit); null when none matches.
    /// </summary>
    public PayerDirectoryEntry? AuthenticateNotification(Func<string, string?> header)
    {
        ArgumentNullException.ThrowIfNull(header);
        PayerDirectoryEntry? match = null;
        foreach (var payer in _options.Payers.Where(p => p.SupportsSubscriptions && !string.IsNullOrWhiteSpace(p.NotificationSecretName)))
        {
            var secret = _configuration[payer.NotificationSecretName!];
            var presented = header(payer.NotificationHeader);
            if (string.IsNullOrEmpty(secret) || presented is null) continue;
            var equal = CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
            if (equal && match is null) match = payer;
        }
        return match;
    }

    public string? Authenticate(Func<string, string?> header) => AuthenticateNotification(header)?.PayerId;

    /// <summary>The hospital as requester, from <see cref="PriorAuthOptions"/>.</summary>
    public AuthorizationRequester Requester()
    {
        var f = _options.Facility;
        var address = new Domain.Registrations.PostalAddress(f.Line1, null, f.City, f.State, f.PostalCode);
        return new AuthorizationRequester(
            new AuthorizationProvider(Npi(_options.RequesterNpi), _options.RequesterName, IsOrganization: true, Address: address),
            new AuthorizationProvider(Npi(f.Npi), f.Name, IsOrganization: true, Address: address),
            _options.PlaceOfService,
            _options.TraceOriginator);
    }

    private static Domain.Registrations.Npi Npi(string value) =>
        Domain.Registrations.Npi.TryCreate(value, out var npi) ? npi : throw new InvalidOperationException("PriorAuth: an NPI in the settings fails its check digit.");

    /// <summary>Every <c>{payerId}.json</c> of the directory, checked. Throws <see cref="InvalidDataException"/> naming the file and the problem.</summary>
    public static Dictionary<string, PayerRules> LoadAll(string directory)
    {
        var rules = new Dictionary<string, PayerRules>(StringComparer.OrdinalIgnoreCase);
        if (!Directory.Exists(directory)) return rules;
        var schemaPath = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(directory).TrimEnd(Path.DirectorySeparatorChar))!, SchemaFile);
        var schema = JsonSchema.FromText(File.ReadAllText(schemaPath), new BuildOptions { SchemaRegistry = new SchemaRegistry() });
        foreach (var file in Directory.EnumerateFiles(directory, "*.json").Order(StringComparer.Ordinal))
        {
            var parsed = Load(file, schema);
            rules[parsed.PayerId] = parsed;
        }
        return rules;
    }

    /// <summary>One file, checked against the schema and for sense.</summary>
    public static PayerRules Load(string file, JsonSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var name = Path.GetFileName(file);
        using var document = JsonDocument.Parse(File.ReadAllBytes(file), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var result = schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (!result.IsValid)
        {
            var problems = (result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
                .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"))
                .Take(5);
            throw new InvalidDataException($"Payer list {name} does not match {SchemaFile}: {string.Join("; ", problems)}");
        }
        var root = document.RootElement;
        var payerId = root.GetProperty("payerId").GetString()!;
        if (!string.Equals(payerId + ".json", name, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidDataException($"Payer list {name} names payer {payerId}; the file must be called {payerId}.json.");
        }
        var list = new List<PayerRule>();
        var index = 0;
        foreach (var rule in root.GetProperty("rules").EnumerateArray())
        {
            try
            {
                var ranges = rule.GetProperty("codes").EnumerateArray().Select(c => c.GetString()!).Select(c =>
                {
                    var parts = c.Split('-');
                    return new CodeRange(parts[0], parts.Length > 1 ? parts[1] : parts[0]);
                }).ToList();
                var places = rule.TryGetProperty("placesOfService", out var p) ? p.EnumerateArray().Select(x => x.GetString()!).ToList() : [];
                var requirement = rule.GetProperty("requirement").GetString() == "required" ? RuleRequirement.Required : RuleRequirement.NotRequired;
                list.Add(new PayerRule(ranges, places, requirement, rule.GetProperty("note").GetString()!));
            }
            catch (ArgumentException e)
            {
                throw new InvalidDataException($"Payer list {name}, rule {index}: {e.Message}", e);
            }
            index++;
        }
        return new PayerRules(payerId, root.GetProperty("version").GetString()!, list);
    }
}
