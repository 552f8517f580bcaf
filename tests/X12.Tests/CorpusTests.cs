using System.Text.Json;
using PatientAccess.X12.Core;
using PatientAccess.X12.Eligibility;

namespace PatientAccess.X12.Tests;

/// <summary>
/// Every 271 under Corpus/ is read (in memory and streamed) and its semantic view compared with the values in the
/// file's .expected.json (written by Corpus/generate.py from the scenario, not by our writer).
/// </summary>
public class CorpusTests
{
    private static readonly string CorpusDirectory = Path.Combine(AppContext.BaseDirectory, "Corpus");

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(CorpusDirectory, "*.x12").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(f));
        }

        return data;
    }

    [Fact]
    public void Corpus_HasAtLeastThirtyFiles()
    {
        Assert.True(Files().Count >= 30);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Summarize_CorpusFile_MatchesExpectedValues(string file)
    {
        var bytes = File.ReadAllBytes(Path.Combine(CorpusDirectory, file));
        using var expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(CorpusDirectory, Path.ChangeExtension(file, ".expected.json"))));
        var root = expected.RootElement;

        var transactions = X12Reader.Parse(bytes).Transactions.ToList();
        using (var streamed = new X12StreamReader(new MemoryStream(bytes)))
        {
            Assert.Equal(transactions.Count, streamed.ReadTransactions().Count());
        }

        Assert.Equal(root.GetProperty("transactions").GetInt32(), transactions.Count);
        var members = new List<(int Transaction, MemberEligibility Member)>();
        var issues = new List<(int Transaction, AaaIssue Issue)>();
        for (var i = 0; i < transactions.Count; i++)
        {
            var model = EligibilityReader.Read(transactions[i]);
            Assert.Empty(model.Warnings);
            var summary = EligibilityInterpreter.Summarize(model);
            Assert.Equal("ACME HEALTH", summary.PayerName);
            members.AddRange(summary.Members.Select(m => (i, m)));
            issues.AddRange(summary.Issues.Select(x => (i, x)));
        }

        var expectedMembers = root.GetProperty("members").EnumerateArray().ToList();
        Assert.Equal(expectedMembers.Count, members.Count);
        for (var m = 0; m < members.Count; m++)
        {
            AssertMember(expectedMembers[m], members[m].Transaction, members[m].Member);
        }

        var expectedIssues = root.GetProperty("issues").EnumerateArray().ToList();
        Assert.Equal(expectedIssues.Count, issues.Count);
        for (var k = 0; k < issues.Count; k++)
        {
            var (t, issue) = issues[k];
            var e = expectedIssues[k];
            Assert.Equal(e.GetProperty("transaction").GetInt32(), t);
            Assert.Equal(e.GetProperty("location").GetString(), issue.Location.ToString());
            Assert.Equal(e.GetProperty("code").GetString(), issue.ReasonCode);
            Assert.Equal(e.GetProperty("followUp").GetString(), issue.FollowUpCode);
            Assert.Equal(AaaCodes.Classify(issue.ReasonCode), issue.Classification);
            Assert.False(string.IsNullOrWhiteSpace(issue.Remediation));
        }
    }

    private static void AssertMember(JsonElement e, int transaction, MemberEligibility m)
    {
        Assert.Equal(e.GetProperty("transaction").GetInt32(), transaction);
        Assert.Equal(e.GetProperty("dependent").GetBoolean(), m.IsDependent);
        Assert.Equal(e.GetProperty("memberId").GetString(), m.MemberId);
        Assert.Equal(e.GetProperty("status").GetString(), m.Status.ToString());
        if (e.TryGetProperty("coverageStart", out var start))
        {
            Assert.Equal(start.GetString(), m.CoverageStart?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        }

        if (e.TryGetProperty("coverageEnd", out var end))
        {
            Assert.Equal(end.GetString(), m.CoverageEnd?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        }

        if (e.TryGetProperty("planName", out var plan))
        {
            Assert.Equal(plan.GetString(), m.PlanName);
        }

        if (e.TryGetProperty("groupNumber", out var group))
        {
            Assert.Equal(group.GetString(), m.GroupNumber);
        }

        if (e.TryGetProperty("pcp", out var pcp))
        {
            Assert.Equal(pcp.GetString(), m.PrimaryCareProvider);
        }

        var services = e.GetProperty("services").EnumerateObject().ToList();
        Assert.Equal(services.Select(s => s.Name).Order(StringComparer.Ordinal), m.Services.Select(s => s.ServiceTypeCode).Order(StringComparer.Ordinal));
        foreach (var s in services)
        {
            var actual = m.Service(s.Name)!;
            Assert.Equal(Bool(s.Value.GetProperty("covered")), actual.Covered);
            Assert.Equal(Bool(s.Value.GetProperty("authRequired")), actual.AuthorizationRequired);
            Assert.Equal(s.Value.GetProperty("messages").EnumerateArray().Select(x => x.GetString()), actual.Messages);
            AssertValues(s.Value.GetProperty("copays"), actual.Copays);
            AssertValues(s.Value.GetProperty("coinsurance"), actual.Coinsurance);
            AssertValues(s.Value.GetProperty("deductibles"), actual.Deductibles);
            AssertValues(s.Value.GetProperty("outOfPocket"), actual.OutOfPocket);
            AssertValues(s.Value.GetProperty("limitations"), actual.Limitations);
        }
    }

    private static void AssertValues(JsonElement expected, IReadOnlyList<BenefitValue> actual)
    {
        var list = expected.EnumerateArray().ToList();
        Assert.Equal(list.Count, actual.Count);
        for (var i = 0; i < list.Count; i++)
        {
            Assert.Equal(Decimal(list[i].GetProperty("amount")), actual[i].Amount);
            Assert.Equal(Decimal(list[i].GetProperty("percent")), actual[i].Percent);
            Assert.Equal(Decimal(list[i].GetProperty("quantity")), actual[i].Quantity);
            Assert.Equal(list[i].GetProperty("level").GetString(), actual[i].Level.ToString());
            Assert.Equal(list[i].GetProperty("network").GetString(), actual[i].Network.ToString());
            Assert.Equal(list[i].GetProperty("kind").GetString(), actual[i].Kind.ToString());
        }
    }

    private static bool? Bool(JsonElement e) => e.ValueKind == JsonValueKind.Null ? null : e.GetBoolean();

    private static decimal? Decimal(JsonElement e) => e.ValueKind == JsonValueKind.Null ? null : e.GetDecimal();
}
