using System.Globalization;
using System.Text.Json;

namespace PatientAccess.Cli.Tests;

/// <summary><c>card read</c> with the real local reader (Tesseract) on the committed sample cards and their truth files.</summary>
public sealed class CardReadCommandTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("cli-card-tests-").FullName;

    [Theory]
    [InlineData("card-1004-commercial-norx-clean")]
    [InlineData("card-1001-commercial-hmo-photo")]
    public async Task Read_SampleCardAsJson_MemberIdAndGroupMatchTheTruth(string card)
    {
        var truth = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(CardsDirectory, card + ".truth.json"))).RootElement;

        var (code, output, error) = await Run("card", "read", Path.Combine(CardsDirectory, card + ".jpg"), "--engine", "tesseract", "--json");

        Assert.True(code == 0, $"exit {code}: {error}");
        var result = JsonDocument.Parse(output).RootElement;
        Assert.Equal("Jpeg", result.GetProperty("image").GetProperty("format").GetString());
        var memberId = result.GetProperty("memberId");
        Assert.Equal(Normalize(truth.GetProperty("memberId").GetString()!), Normalize(memberId.GetProperty("value").GetString()!));
        Assert.Equal("Tesseract", memberId.GetProperty("engine").GetString());
        Assert.InRange(memberId.GetProperty("confidence").GetDouble(), 0.0001, 1);
        var group = result.GetProperty("fields").EnumerateArray().Single(f => f.GetProperty("path").GetString() == "GroupNumber");
        Assert.Equal(Normalize(truth.GetProperty("groupNumber").GetString()!), Normalize(group.GetProperty("value").GetString()!));
        Assert.Equal("Tesseract", group.GetProperty("engine").GetString());
    }

    [Fact]
    public async Task Read_LocalEngine_BothRecognizersAgreeOnACleanCard()
    {
        const string card = "card-1004-commercial-norx-clean";
        var truth = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(CardsDirectory, card + ".truth.json"))).RootElement;

        var (code, output, error) = await Run("card", "read", Path.Combine(CardsDirectory, card + ".jpg"), "--engine", "local", "--json");

        Assert.True(code == 0, $"exit {code}: {error}");
        var memberId = JsonDocument.Parse(output).RootElement.GetProperty("memberId");
        Assert.Equal(Normalize(truth.GetProperty("memberId").GetString()!), Normalize(memberId.GetProperty("value").GetString()!));
        Assert.Equal("LocalConsensus", memberId.GetProperty("engine").GetString());
        Assert.InRange(memberId.GetProperty("confidence").GetDouble(), 0.8, 1);
    }

    [Fact]
    public async Task Read_SampleCardAsText_PrintsEachFieldWithConfidenceAndEngine()
    {
        const string card = "card-1004-commercial-norx-clean";
        var truth = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(CardsDirectory, card + ".truth.json"))).RootElement;

        var (code, output, _) = await Run("card", "read", Path.Combine(CardsDirectory, card + ".jpg"));

        Assert.Equal(0, code);
        var groupLine = Assert.Single(output.Split('\n'), l => l.StartsWith("GroupNumber ", StringComparison.Ordinal));
        Assert.Matches(@"^GroupNumber\s+[01]\.\d\d\s+(LocalConsensus|Tesseract|PaddleOcr)\s+\S", groupLine);
        Assert.Contains(truth.GetProperty("groupNumber").GetString()!, groupLine, StringComparison.Ordinal);
        Assert.Contains(output.Split('\n'), l => l.StartsWith("MemberId ", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("text")]
    [InlineData("truncated")]
    public async Task Read_UnreadableImage_ExitCode2WithTheReason(string kind)
    {
        var path = Path.Combine(_temp, kind + ".jpg");
        var content = kind == "text"
            ? "not a card"u8.ToArray()
            : (await File.ReadAllBytesAsync(Path.Combine(CardsDirectory, "card-1000-commercial-ppo-clean.jpg")))[..20];
        await File.WriteAllBytesAsync(path, content);

        var (code, output, error) = await Run("card", "read", path, "--engine", "local");

        Assert.Equal(2, code);
        Assert.Equal(string.Empty, output);
        Assert.StartsWith("unreadable image: " + (kind == "text" ? "UnsupportedFormat" : "Corrupt"), error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("card", "read")]
    [InlineData("card", "read", "a.jpg", "--engine", "cloud")]
    [InlineData("card", "read", "a.jpg", "b.jpg")]
    public async Task Read_BadUsage_ExitCode1(params string[] args)
    {
        var (code, _, error) = await Run(args);
        Assert.Equal(1, code);
        Assert.Contains("usage: card read IMAGE", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_AzureWithoutEndpoint_ExitCode1NamingTheSetting()
    {
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DocumentIntelligence__Endpoint"))) return; // the operator's own endpoint
        var (code, _, error) = await Run("card", "read", Path.Combine(CardsDirectory, "card-1000-commercial-ppo-clean.jpg"), "--engine", "azure");
        Assert.Equal(1, code);
        Assert.Contains("DocumentIntelligence__Endpoint", error, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    private static string CardsDirectory
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "PatientAccess.sln"))) return Path.Combine(dir.FullName, "samples", "cards");
            }
            throw new InvalidOperationException("PatientAccess.sln not found above the test output.");
        }
    }

    private static string Normalize(string value) => new([.. value.ToUpperInvariant().Where(char.IsLetterOrDigit)]);

    private static async Task<(int Code, string Output, string Error)> Run(params string[] args)
    {
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        using var error = new StringWriter(CultureInfo.InvariantCulture);
        var code = await CliApp.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
