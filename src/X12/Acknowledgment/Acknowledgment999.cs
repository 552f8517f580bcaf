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

        void CloseSegmentError()
        {
            if (ik3 is not null)
            {
                segmentErrors!.Add(new SegmentError(ik3[1], Int(ik3[2]), ik3.Get(3), ik3.Get(4), contexts!, elementErrors!));
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
                    break;
                case "CTX" when ik3 is not null:
                    contexts!.Add(s[1]);
                    break;
                case "IK4" when ik3 is not null:
                    elementErrors!.Add(new ElementError(s[1], s.Get(2), s[3], s.Get(4)));
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

/// <summary>IK3 (segment id, position in set, loop id, error code) with CTX contexts and IK4 element errors.</summary>
public sealed record SegmentError(string SegmentId, int? Position, string? LoopId, string? ErrorCode, IReadOnlyList<string> Contexts, IReadOnlyList<ElementError> Elements);

/// <summary>IK4: element position (composite position), data element reference number, error code, copy of bad data.</summary>
public sealed record ElementError(string Position, string? DataElementReference, string ErrorCode, string? BadData);
