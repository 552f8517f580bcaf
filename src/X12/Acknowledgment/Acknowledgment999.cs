using System.Globalization;
using PatientAccess.X12.Core;

namespace PatientAccess.X12.Acknowledgment;

/// <summary>A 999 implementation acknowledgment (005010X231A1): AK1, AK2/IK3/CTX/IK4/IK5 loops, AK9.</summary>
public sealed record Acknowledgment999
{
    public required string ControlNumber { get; init; }

    /// <summary>AK1: the acknowledged group's GS01, GS06 and GS08.</summary>
    public string? FunctionalIdentifierCode { get; init; }

    public string? GroupControlNumber { get; init; }

    public string? Version { get; init; }

    /// <summary>AK2 loops.</summary>
    public IReadOnlyList<TransactionSetResponse> TransactionSets { get; init; } = [];

    /// <summary>AK901: A accepted, E accepted with errors, M/P partially, R rejected, W/X rejected (security/content).</summary>
    public string? GroupAcknowledgmentCode { get; init; }

    public int? TransactionSetsIncluded { get; init; }

    public int? TransactionSetsReceived { get; init; }

    public int? TransactionSetsAccepted { get; init; }

    /// <summary>AK905-AK909 functional group syntax error codes.</summary>
    public IReadOnlyList<string> GroupErrorCodes { get; init; } = [];

    public bool GroupAccepted => GroupAcknowledgmentCode is "A" or "E";

    public static Acknowledgment999 Read(X12Transaction transaction)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        var segments = transaction.Segments;
        if (transaction.TransactionSetId != "999")
        {
            throw new X12ParseException("transaction set is not a 999", segments[0].Index, segments[0].Offset, "ST");
        }

        X12Segment? ak1 = null, ak9 = null;
        var sets = new List<TransactionSetResponse>();
        X12Segment? ak2 = null;
        List<SegmentError>? segmentErrors = null;
        X12Segment? ik3 = null;
        List<ElementError>? elementErrors = null;
        List<string>? contexts = null;
        List<ErrorContext>? segmentContexts = null;
        X12Segment? ik4 = null;
        List<ErrorContext>? elementContexts = null;

        void CloseElementError()
        {
            if (ik4 is not null)
            {
                elementErrors!.Add(new ElementError(ik4[1], ik4.Get(2), ik4[3], ik4.Get(4)) { Contexts = (IReadOnlyList<ErrorContext>?)elementContexts ?? [] });
                ik4 = null;
                elementContexts = null;
            }
        }

        void CloseSegmentError()
        {
            CloseElementError();
            if (ik3 is not null)
            {
                segmentErrors!.Add(new SegmentError(ik3[1], Int(ik3[2]), ik3.Get(3), ik3.Get(4), contexts!, elementErrors!) { ContextDetails = segmentContexts! });
                ik3 = null;
            }
        }

        void CloseSet(X12Segment? ik5)
        {
            CloseSegmentError();
            if (ak2 is not null)
            {
                sets.Add(new TransactionSetResponse
                {
                    TransactionSetId = ak2[1],
                    ControlNumber = ak2[2],
                    ImplementationReference = ak2.Get(3),
                    AcknowledgmentCode = ik5?.Get(1),
                    ErrorCodes = ik5 is null ? [] : Codes(ik5, 2, 6),
                    SegmentErrors = segmentErrors!,
                });
                ak2 = null;
            }
        }

        for (var i = 1; i < segments.Count - 1; i++)
        {
            var s = segments[i];
            switch (s.Id)
            {
                case "AK1":
                    ak1 = s;
                    break;
                case "AK2":
                    CloseSet(null);
                    ak2 = s;
                    segmentErrors = [];
                    break;
                case "IK3" when ak2 is not null:
                    CloseSegmentError();
                    ik3 = s;
                    elementErrors = [];
                    contexts = [];
                    segmentContexts = [];
                    break;
                case "CTX" when ik3 is not null:
                    // Every element is kept: CTX01 context name and reference, CTX02-CTX04 where the segment sits,
                    // CTX05/CTX06 positions. After an IK4 the context belongs to that element (loop 2110).
                    contexts!.Add(s[1]);
                    if (ik4 is not null)
                    {
                        (elementContexts ??= []).Add(ErrorContext.Read(s));
                    }
                    else
                    {
                        segmentContexts!.Add(ErrorContext.Read(s));
                    }

                    break;
                case "IK4" when ik3 is not null:
                    CloseElementError();
                    ik4 = s;
                    break;
                case "IK5" when ak2 is not null:
                    CloseSet(s);
                    break;
                case "AK9":
                    CloseSet(null);
                    ak9 = s;
                    break;
                default:
                    break;
            }
        }

        CloseSet(null);
        return new Acknowledgment999
        {
            ControlNumber = transaction.ControlNumber,
            FunctionalIdentifierCode = ak1?.Get(1),
            GroupControlNumber = ak1?.Get(2),
            Version = ak1?.Get(3),
            TransactionSets = sets,
            GroupAcknowledgmentCode = ak9?.Get(1),
            TransactionSetsIncluded = ak9 is null ? null : Int(ak9[2]),
            TransactionSetsReceived = ak9 is null ? null : Int(ak9[3]),
            TransactionSetsAccepted = ak9 is null ? null : Int(ak9[4]),
            GroupErrorCodes = ak9 is null ? [] : Codes(ak9, 5, 9),
        };
    }

    private static int? Int(string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;

    private static string[] Codes(X12Segment s, int from, int to)
    {
        var list = new List<string>();
        for (var p = from; p <= to; p++)
        {
            if (s[p].Length > 0)
            {
                list.Add(s[p]);
            }
        }

        return [.. list];
    }
}

/// <summary>AK2 loop with IK5: A accepted, E accepted with errors, M/R/W/X rejected.</summary>
public sealed record TransactionSetResponse
{
    public required string TransactionSetId { get; init; }

    public required string ControlNumber { get; init; }

    public string? ImplementationReference { get; init; }

    public string? AcknowledgmentCode { get; init; }

    /// <summary>IK502-IK506 implementation transaction set syntax error codes.</summary>
    public IReadOnlyList<string> ErrorCodes { get; init; } = [];

    public IReadOnlyList<SegmentError> SegmentErrors { get; init; } = [];

    public bool Accepted => AcknowledgmentCode is "A" or "E";
}

/// <summary>
/// IK3 (segment id, position in set, loop id, error code) with CTX contexts and IK4 element errors.
/// <see cref="Contexts"/> keeps each CTX01 as sent; <see cref="ContextDetails"/> every CTX element, typed.
/// </summary>
public sealed record SegmentError(string SegmentId, int? Position, string? LoopId, string? ErrorCode, IReadOnlyList<string> Contexts, IReadOnlyList<ElementError> Elements)
{
    /// <summary>The CTX segments of this IK3 loop (before its first IK4), every element kept.</summary>
    public IReadOnlyList<ErrorContext> ContextDetails { get; init; } = [];
}

/// <summary>IK4: element position (composite position), data element reference number, error code, copy of bad data.</summary>
public sealed record ElementError(string Position, string? DataElementReference, string ErrorCode, string? BadData)
{
    /// <summary>The CTX segments after this IK4 (loop 2110).</summary>
    public IReadOnlyList<ErrorContext> Contexts { get; init; } = [];
}

/// <summary>
/// CTX: CTX01 context identification (name, and reference: a business unit such as CLM01, or SITUATIONAL TRIGGER),
/// CTX02 segment id, CTX03 segment position in the set, CTX04 loop id, CTX05 position in segment (element,
/// component, repetition), CTX06 reference in segment (data element reference numbers).
/// </summary>
public sealed record ErrorContext
{
    public required string Name { get; init; }

    public string? Reference { get; init; }

    public string? SegmentId { get; init; }

    public int? SegmentPosition { get; init; }

    public string? LoopId { get; init; }

    public int? ElementPosition { get; init; }

    public int? ComponentPosition { get; init; }

    public int? RepetitionPosition { get; init; }

    /// <summary>CTX06 components: data element reference numbers (element, then component).</summary>
    public IReadOnlyList<string> DataElementReferences { get; init; } = [];

    public static ErrorContext Read(X12Segment ctx)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        var name = ctx.Components(1);
        var position = ctx.Components(5);
        return new ErrorContext
        {
            Name = name.Length > 0 ? name[0] : string.Empty,
            Reference = name.Length > 1 && name[1].Length > 0 ? name[1] : null,
            SegmentId = ctx.Get(2),
            SegmentPosition = Number(ctx[3]),
            LoopId = ctx.Get(4),
            ElementPosition = position.Length > 0 ? Number(position[0]) : null,
            ComponentPosition = position.Length > 1 ? Number(position[1]) : null,
            RepetitionPosition = position.Length > 2 ? Number(position[2]) : null,
            DataElementReferences = [.. ctx.Components(6).Where(c => c.Length > 0)],
        };
    }

    private static int? Number(string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
}
