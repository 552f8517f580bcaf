using System.Buffers;
using System.Collections;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using PatientAccess.X12.Acknowledgment;
using PatientAccess.X12.Core;
using PatientAccess.X12.Eligibility;
using PatientAccess.X12.ServiceReview;

namespace PatientAccess.Cli.Commands;

/// <summary>
/// JSON Lines: one compact camelCase object per line, nulls, empty lists and None/NotSpecified enum values left out. Each line has a
/// <c>kind</c>: <c>interchange</c> and <c>group</c> (headers, once, before their first set), <c>transaction</c>
/// (the set's control numbers, warnings, envelope errors, typed model and, for a 271, the semantic view),
/// <c>interchangeAcknowledgment</c> (TA1), <c>envelopeError</c> (GE/IEA mismatch) and <c>error</c> (the input
/// cannot be read further; always the last line).
/// </summary>
internal sealed class X12JsonView(X12OutputWriter w) : X12View
{
    internal static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter() },
        // Source-generated metadata (no reflection at start-up), with the same rules applied on top.
        TypeInfoResolver = X12JsonContext.Default.WithAddedModifier(LeaveOutEmptyAndDerivedLists),
    };

    private readonly ArrayBufferWriter<byte> _bytes = new(64 * 1024);
    private readonly Utf8JsonWriter _json = NewWriter(new ArrayBufferWriter<byte>(1));
    private X12InterchangeHeader? _interchange;
    private X12GroupHeader? _group;

    public override void Transaction(X12Transaction t)
    {
        var i = t.Group.Interchange;
        if (!ReferenceEquals(i, _interchange))
        {
            _interchange = i;
            Line(new InterchangeLine(i.ControlNumber, i.SenderQualifier, i.SenderId, i.ReceiverQualifier, i.ReceiverId, i.Date, i.Time, i.Version, i.UsageIndicator));
        }

        if (!ReferenceEquals(t.Group, _group))
        {
            _group = t.Group;
            var g = t.Group;
            Line(new GroupLine(g.ControlNumber, i.ControlNumber, g.FunctionalIdentifierCode, g.SenderCode, g.ReceiverCode, g.Date, g.Time, g.Version));
        }

        object? model = null;
        switch (t.TransactionSetId)
        {
            case "270" or "271":
                var eligibility = EligibilityReader.Read(t);
                StartLine();
                WriteEligibility(_json, t, eligibility, eligibility.IsResponse ? EligibilityInterpreter.Summarize(eligibility) : null);
                EndLine();
                return;
            case "278":
                model = ServiceReview278.Read(t);
                break;
            case "999":
                model = Acknowledgment999.Read(t);
                break;
        }

        Line(new TransactionLine(
            t.TransactionSetId, t.ControlNumber, t.ImplementationReference, t.Group.ControlNumber, i.ControlNumber, t.Warnings, t.EnvelopeErrors,
            model, null, model is null ? [.. t.Segments.Select(s => new SegmentLine(s.Id, s.Elements))] : []));
    }

    /// <summary>
    /// The transaction line of a 270/271, written by hand (<see cref="X12EligibilityJson"/>): the same JSON as
    /// serializing <see cref="TransactionLine"/> with <see cref="Options"/>, at a fraction of the cost.
    /// </summary>
    internal static void WriteEligibility(Utf8JsonWriter json, X12Transaction t, EligibilityTransaction model, EligibilitySummary? summary)
    {
        json.WriteStartObject();
        json.WriteString("kind"u8, "transaction"u8);
        json.WriteString("transactionSetId"u8, t.TransactionSetId);
        json.WriteString("controlNumber"u8, t.ControlNumber);
        json.WriteString("implementationReference"u8, t.ImplementationReference);
        json.WriteString("group"u8, t.Group.ControlNumber);
        json.WriteString("interchange"u8, t.Group.Interchange.ControlNumber);
        if (model.Warnings.Count > 0)
        {
            json.WriteStartArray("warnings"u8);
            foreach (var warning in model.Warnings)
            {
                json.WriteStringValue(warning);
            }

            json.WriteEndArray();
        }

        if (t.EnvelopeErrors.Count > 0)
        {
            json.WriteStartArray("envelopeErrors"u8);
            foreach (var error in t.EnvelopeErrors)
            {
                X12EligibilityJson.EnvelopeError(json, error);
            }

            json.WriteEndArray();
        }

        json.WritePropertyName("model"u8);
        X12EligibilityJson.Write(json, model);
        if (summary is not null)
        {
            json.WritePropertyName("summary"u8);
            X12EligibilityJson.Write(json, summary);
        }

        json.WriteEndObject();
    }

    /// <summary>A writer with the encoder of <see cref="Options"/>, as the serializer would use.</summary>
    internal static Utf8JsonWriter NewWriter(IBufferWriter<byte> output) =>
        new(output, new JsonWriterOptions { Encoder = Options.Encoder, SkipValidation = true });

    public override void Dispose()
    {
        _json.Dispose();
        base.Dispose();
    }

    public override void InterchangeAcknowledgment(X12InterchangeAcknowledgment ta1) =>
        Line(new AcknowledgmentLine(ta1.ControlNumber, ta1.Date, ta1.Time, ta1.AcknowledgmentCode, ta1.Status, ta1.NoteCode, ta1.Note, ta1.SegmentIndex));

    public override void EnvelopeError(X12EnvelopeError error) =>
        Line(new ErrorLine("envelopeError", error.Reason, error.SegmentIndex, error.ByteOffset, error.SegmentId, error.Message));

    public override void ParseError(X12ParseException error) =>
        Line(new ErrorLine("error", error.Reason, error.SegmentIndex, error.ByteOffset, error.SegmentId, error.Message));

    private void Line<T>(T value)
    {
        StartLine();
        JsonSerializer.Serialize(_json, value, Options);
        EndLine();
    }

    private void StartLine()
    {
        _bytes.ResetWrittenCount();
        _json.Reset(_bytes);
    }

    private void EndLine()
    {
        _json.Flush();
        w.WriteUtf8(_bytes.WrittenSpan);
        w.WriteUtf8("\n"u8);
    }

    /// <summary>
    /// The X12 models are written as data: what was read or decided (properties with a setter or init), not what is
    /// derived from it on demand (code descriptions, parsed dates, flags such as <c>IsResponse</c>, sequences such as
    /// <c>Members</c> that repeat the lists). Lists are written only when they have items.
    /// </summary>
    private static void LeaveOutEmptyAndDerivedLists(JsonTypeInfo type)
    {
        if (type.Kind != JsonTypeInfoKind.Object)
        {
            return;
        }

        var derivedAreData = type.Type.Assembly != typeof(X12Transaction).Assembly;
        for (var k = type.Properties.Count - 1; k >= 0; k--)
        {
            var property = type.Properties[k];
            if (!derivedAreData && property.Set is null)
            {
                type.Properties.RemoveAt(k);
                continue;
            }

            var t = property.PropertyType;
            if (t.IsEnum && Enum.GetName(t, 0) is "None" or "NotSpecified")
            {
                // "medicarePart": "None" on every value of a commercial 271 says nothing.
                property.ShouldSerialize = static (_, value) => Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture) != 0;
                continue;
            }

            if (t == typeof(string) || !typeof(IEnumerable).IsAssignableFrom(t))
            {
                continue;
            }

            if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(IEnumerable<>))
            {
                type.Properties.RemoveAt(k);
                continue;
            }

            property.ShouldSerialize = static (_, value) => value is not ICollection { Count: 0 };
        }
    }

    internal sealed record InterchangeLine(
        string ControlNumber, string SenderQualifier, string SenderId, string ReceiverQualifier, string ReceiverId, string Date, string Time, string Version, string UsageIndicator)
    {
        [JsonPropertyOrder(-1)]
        public string Kind { get; } = "interchange";
    }

    internal sealed record GroupLine(
        string ControlNumber, string Interchange, string FunctionalIdentifierCode, string SenderCode, string ReceiverCode, string Date, string Time, string Version)
    {
        [JsonPropertyOrder(-1)]
        public string Kind { get; } = "group";
    }

    internal sealed record TransactionLine(
        string TransactionSetId,
        string ControlNumber,
        string ImplementationReference,
        string Group,
        string Interchange,
        IReadOnlyList<string> Warnings,
        IReadOnlyList<X12EnvelopeError> EnvelopeErrors,
        object? Model,
        EligibilitySummary? Summary,
        IReadOnlyList<SegmentLine> Segments)
    {
        [JsonPropertyOrder(-1)]
        public string Kind { get; } = "transaction";
    }

    internal sealed record SegmentLine(string Id, IReadOnlyList<string> Elements);

    internal sealed record AcknowledgmentLine(string ControlNumber, string? Date, string? Time, string? AcknowledgmentCode, string Status, string? NoteCode, string? Note, int SegmentIndex)
    {
        [JsonPropertyOrder(-1)]
        public string Kind { get; } = "interchangeAcknowledgment";
    }

    internal sealed record ErrorLine([property: JsonPropertyOrder(-1)] string Kind, string Reason, int SegmentIndex, long ByteOffset, string? SegmentId, string Message);
}

/// <summary>Counts for an operator: sets per type, 271 members per coverage status, AAA per classification, TA1s, envelope errors.</summary>
internal sealed class X12SummaryView(TextWriter w) : X12View
{
    private readonly SortedDictionary<string, int> _sets = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, int> _statuses = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, int> _aaa = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, int> _acknowledgments = new(StringComparer.Ordinal);
    private X12InterchangeHeader? _interchange;
    private X12GroupHeader? _group;
    private int _interchanges;
    private int _groups;
    private int _envelopeErrors;
    private int _warnings;
    private int _acknowledgedSets;
    private int _rejectedSets;

    public override void Transaction(X12Transaction t)
    {
        if (!ReferenceEquals(t.Group.Interchange, _interchange))
        {
            _interchange = t.Group.Interchange;
            _interchanges++;
        }

        if (!ReferenceEquals(t.Group, _group))
        {
            _group = t.Group;
            _groups++;
        }

        Add(_sets, t.TransactionSetId);
        _envelopeErrors += t.EnvelopeErrors.Count;
        switch (t.TransactionSetId)
        {
            case "271":
                var model = EligibilityReader.Read(t);
                _warnings += model.Warnings.Count;
                var summary = EligibilityInterpreter.Summarize(model);
                foreach (var m in summary.Members)
                {
                    Add(_statuses, m.Status.ToString());
                }

                foreach (var issue in summary.Issues)
                {
                    Add(_aaa, issue.Classification.ToString());
                }

                break;
            case "270":
                _warnings += EligibilityReader.Read(t).Warnings.Count;
                break;
            case "999":
                foreach (var set in Acknowledgment999.Read(t).TransactionSets)
                {
                    _acknowledgedSets++;
                    _rejectedSets += set.Accepted ? 0 : 1;
                }

                _warnings += t.Warnings.Count;
                break;
            default:
                _warnings += t.Warnings.Count;
                break;
        }
    }

    public override void InterchangeAcknowledgment(X12InterchangeAcknowledgment ta1) => Add(_acknowledgments, ta1.Status);

    public override void EnvelopeError(X12EnvelopeError error) => _envelopeErrors++;

    public override void ParseError(X12ParseException error) => Complete();

    public override void Complete()
    {
        w.WriteLine($"interchanges {_interchanges}, functional groups {_groups}, transaction sets {_sets.Values.Sum()}{List(_sets)}");
        if (_statuses.Count > 0)
        {
            w.WriteLine($"271 members {_statuses.Values.Sum()}{List(_statuses)}");
        }

        w.WriteLine($"AAA {_aaa.Values.Sum()}{List(_aaa)}");
        if (_acknowledgedSets > 0)
        {
            w.WriteLine($"999 acknowledged sets {_acknowledgedSets}, rejected {_rejectedSets}");
        }

        w.WriteLine($"TA1 {_acknowledgments.Values.Sum()}{List(_acknowledgments)}");
        w.WriteLine($"envelope errors {_envelopeErrors}, warnings {_warnings}");
    }

    private static void Add(SortedDictionary<string, int> counts, string key) =>
        counts[key] = counts.TryGetValue(key, out var n) ? n + 1 : 1;

    private static string List(SortedDictionary<string, int> counts) =>
        counts.Count == 0 ? string.Empty : " (" + string.Join(", ", counts.Select(c => $"{c.Key}: {c.Value}")) + ")";
}

/// <summary>Serialization metadata for <c>x12 parse --json</c>, generated at build time.</summary>
[JsonSerializable(typeof(X12JsonView.InterchangeLine))]
[JsonSerializable(typeof(X12JsonView.GroupLine))]
[JsonSerializable(typeof(X12JsonView.TransactionLine))]
[JsonSerializable(typeof(X12JsonView.AcknowledgmentLine))]
[JsonSerializable(typeof(X12JsonView.ErrorLine))]
[JsonSerializable(typeof(EligibilityTransaction))]
[JsonSerializable(typeof(ServiceReview278))]
[JsonSerializable(typeof(Acknowledgment999))]
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true)]
internal sealed partial class X12JsonContext : JsonSerializerContext;
