using System.Buffers;
using System.Text;
using System.Text.Json;
using PatientAccess.Cli.Commands;
using PatientAccess.X12.Core;
using PatientAccess.X12.Eligibility;

namespace PatientAccess.Cli.Tests;

/// <summary>
/// <c>x12 parse --json</c> writes 270/271 lines by hand for speed; the serializer with the view's rules is the
/// reference. Every 270 and 271 of both corpora and the estimate samples must come out byte for byte the same.
/// </summary>
public sealed class X12EligibilityJsonTests
{
    [Fact]
    public void WriteEligibility_EveryCorpus270And271_EqualsTheSerializerUnderTheViewsRules()
    {
        var root = AppContext.BaseDirectory;
        var compared = 0;
        foreach (var folder in new[] { "Corpus", "ExternalCorpus", "samples" })
        {
            foreach (var file in Directory.GetFiles(Path.Combine(root, folder), "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                var name = Path.GetFileName(file);
                if (!name.StartsWith("LICENSE", StringComparison.Ordinal) && !name.EndsWith(".json", StringComparison.Ordinal))
                {
                    compared += CompareEach(file);
                }
            }
        }

        // 270s and 271s of the typed-in corpus, other projects' files (Medicare, 4010, AAA, envelope errors) and the
        // estimate samples: a reader change that drops them would pass an empty comparison.
        Assert.True(compared >= 60, $"only {compared} sets compared");
    }

    private static int CompareEach(string file)
    {
        using var reader = new X12StreamReader(File.OpenRead(file));
        var compared = 0;
        try
        {
            foreach (var t in reader.ReadTransactions())
            {
                if (t.TransactionSetId is not ("270" or "271"))
                {
                    continue;
                }

                var model = EligibilityReader.Read(t);
                var summary = model.IsResponse ? EligibilityInterpreter.Summarize(model) : null;
                var expected = JsonSerializer.Serialize(
                    new X12JsonView.TransactionLine(t.TransactionSetId, t.ControlNumber, t.ImplementationReference, t.Group.ControlNumber, t.Group.Interchange.ControlNumber, model.Warnings, t.EnvelopeErrors, model, summary, []),
                    X12JsonView.Options);

                var buffer = new ArrayBufferWriter<byte>();
                using (var json = X12JsonView.NewWriter(buffer))
                {
                    X12JsonView.WriteEligibility(json, t, model, summary);
                }

                Assert.Equal(expected, Encoding.UTF8.GetString(buffer.WrittenSpan));
                compared++;
            }
        }
        catch (X12ParseException)
        {
            // A file malformed further on: the sets read before the error were compared.
        }

        return compared;
    }
}
