using Json.Schema;
using PatientAccess.Domain.PriorAuth;
using PatientAccess.Integrations.PriorAuth;

namespace PatientAccess.PriorAuth.Tests.Adapters;

/// <summary>The shipped payer lists load and pass their schema; a broken list is refused with the file and the problem named.</summary>
public sealed class PayerRulesTests : IDisposable
{
    private static readonly string Shipped = Path.Combine(AppContext.BaseDirectory, "PriorAuth", "payer-rules");
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "payer-rules-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void LoadAll_ShippedLists_EveryPayerWithRules()
    {
        var rules = PayerDirectory.LoadAll(Shipped);

        Assert.Equal(["SBXHMO", "SBXPPO"], rules.Keys.Order(StringComparer.Ordinal));
        Assert.Contains(rules["SBXPPO"].Rules, r => r.Requirement == RuleRequirement.Required && r.Codes.Any(c => c.Contains("70551")));
    }

    [Theory]
    [InlineData("""{ "payerId": "X1", "version": "1", "rules": [ { "codes": ["7055"], "requirement": "required", "note": "n" } ] }""", "/rules/0/codes/0")]
    [InlineData("""{ "payerId": "X1", "version": "1", "rules": [ { "codes": ["70551"], "requirement": "maybe", "note": "n" } ] }""", "/rules/0/requirement")]
    [InlineData("""{ "payerId": "X1", "rules": [] }""", "version")]
    [InlineData("""{ "payerId": "X1", "version": "1", "rules": [], "extra": 1 }""", "extra")]
    public void Load_FileBreakingTheSchema_RefusedNamingFileAndPlace(string json, string where)
    {
        var file = Write("X1.json", json);

        var ex = Assert.Throws<InvalidDataException>(() => PayerDirectory.Load(file, Schema()));

        Assert.Contains("X1.json", ex.Message, StringComparison.Ordinal);
        Assert.Contains(where, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_RangeBackwardsOrWrongFileName_Refused()
    {
        var backwards = Write("X1.json", """{ "payerId": "X1", "version": "1", "rules": [ { "codes": ["70559-70540"], "requirement": "required", "note": "n" } ] }""");
        var misnamed = Write("X2.json", """{ "payerId": "X1", "version": "1", "rules": [] }""");

        Assert.Contains("rule 0", Assert.Throws<InvalidDataException>(() => PayerDirectory.Load(backwards, Schema())).Message, StringComparison.Ordinal);
        Assert.Contains("must be called X1.json", Assert.Throws<InvalidDataException>(() => PayerDirectory.Load(misnamed, Schema())).Message, StringComparison.Ordinal);
    }

    private static JsonSchema Schema() =>
        JsonSchema.FromText(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "PriorAuth", PayerDirectory.SchemaFile)), new BuildOptions { SchemaRegistry = new SchemaRegistry() });

    private string Write(string name, string json)
    {
        Directory.CreateDirectory(_dir);
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, json);
        return path;
    }
}
