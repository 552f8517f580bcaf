using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PatientAccess.Domain.Cards;
using PatientAccess.Domain.Common;

namespace PatientAccess.Integrations.Cards;

/// <summary>Settings of the local reader (section "Tesseract").</summary>
public sealed class TesseractOptions
{
    public const string Section = "Tesseract";

    /// <summary>The tesseract executable (Debian package tesseract-ocr).</summary>
    [Required]
    public string Executable { get; set; } = "tesseract";

    [Required]
    public string Language { get; set; } = "eng";

    /// <summary>Page segmentation mode; 11 (sparse text) finds the scattered label/value blocks of a card.</summary>
    [Range(0, 13)]
    public int PageSegmentationMode { get; set; } = 11;

    [Range(1, 600)]
    public int TimeoutSeconds { get; set; } = 60;

    /// <summary>OpenMP threads per OCR run; 1 keeps a shared machine responsive and is barely slower.</summary>
    [Range(1, 16)]
    public int Threads { get; set; } = 1;

    [Range(600, 4000)]
    public int TargetLongSide { get; set; } = 1800;

    /// <summary>When the member id is missing or a key field's confidence is below this, OCR runs again at 0.85x, 1.25x, then 0.7x scale.</summary>
    [Range(0.0, 1.0)]
    public double SecondPassBelow { get; set; } = 0.75;
}

/// <summary>
/// Reads a card locally: SkiaSharp clean-up, Tesseract 5 with hOCR output (word and character boxes, confidences) and the
/// label/layout field extractor. The image goes to Tesseract on stdin and the words come back on stdout: nothing
/// touches the disk, and no OCR text is logged.
/// </summary>
public sealed class TesseractCardReader(IOptions<TesseractOptions> options, ILogger<TesseractCardReader> logger) : ICardReader
{
    public const string Dependency = "Tesseract";

    public async Task<InsuranceCard> ReadAsync(ReadOnlyMemory<byte> image, string contentType, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        EnsureReadable(image.Span, Dependency);
        var prepared = CardImagePreprocessor.Prepare(image.Span, new PreprocessSettings { TargetLongSide = options.Value.TargetLongSide });
        var first = await ReadPreparedAsync(prepared, cancellationToken);
        var card = await LookAgainAsync(image, first, c => NeedsSecondLook(c, options.Value.SecondPassBelow), cancellationToken);
        Log.CardRead(logger, "Tesseract", card.FieldsRead().Count(), prepared.SkewDegrees, prepared.Rectified,
            (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return card;
    }

    /// <summary>One OCR pass over an image already prepared; throws <see cref="CardUnreadableException"/> when no text is found.</summary>
    public async Task<InsuranceCard> ReadPreparedAsync(PreprocessedImage prepared, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prepared);
        var words = prepared.DiscountGlare(TesseractHocr.Parse(await RunAsync(prepared.Pgm, options.Value, cancellationToken)));
        if (words.Count == 0)
        {
            throw new CardUnreadableException(Dependency, CardRejectionCode.NoTextFound, "No text was found on the image.");
        }
        return CardFieldExtractor.Extract(words);
    }

    /// <summary>
    /// OCR errors depend on glyph size: while <paramref name="needsMore"/> says the key fields are still unsure,
    /// another look at a smaller, then a larger scale (0.85x, 1.25x, 0.7x) often reads what the first missed. Only
    /// the key fields are taken from them, chosen across all passes (<see cref="CombineKeyFields"/>).
    /// </summary>
    public async Task<InsuranceCard> LookAgainAsync(ReadOnlyMemory<byte> image, InsuranceCard first, Func<InsuranceCard, bool> needsMore, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(needsMore);
        var o = options.Value;
        var reads = new List<InsuranceCard> { first };
        var card = first;
        foreach (var factor in RetryScales)
        {
            if (!needsMore(card)) break;
            var again = CardImagePreprocessor.Prepare(image.Span, new PreprocessSettings { TargetLongSide = (int)(o.TargetLongSide * factor) });
            reads.Add(CardFieldExtractor.Extract(again.DiscountGlare(TesseractHocr.Parse(await RunAsync(again.Pgm, o, cancellationToken)))));
            card = CombineKeyFields(reads);
        }
        return card;
    }

    /// <summary>Refuses what the local readers cannot read: a file the inspector rejects, PDF and HEIC.</summary>
    public static void EnsureReadable(ReadOnlySpan<byte> image, string dependency)
    {
        if (CardImageInspector.Inspect(image) is CardImageInspection.Rejected rejected)
        {
            throw new CardUnreadableException(dependency, rejected.Code, rejected.Reason);
        }
        if (CardImageInspector.Sniff(image) is CardImageFormat.Pdf or CardImageFormat.Heif)
        {
            throw new CardUnreadableException(dependency, CardRejectionCode.UnsupportedFormat,
                "The local reader reads JPEG, PNG, BMP and TIFF photos; PDF and HEIC need Document Intelligence.");
        }
    }

    private static readonly double[] RetryScales = [0.85, 1.25, 0.7];

    /// <summary>True when the member id is missing or a key field is below <paramref name="threshold"/>.</summary>
    public static bool NeedsSecondLook(InsuranceCard card, double threshold) =>
        card.MemberId is null || card.MemberId.Confidence < threshold || card.GroupNumber is { } g && g.Confidence < threshold;

    /// <summary>Member id, Medicare id and group from <paramref name="second"/> where it read them with more confidence.</summary>
    public static InsuranceCard MergeKeyFields(InsuranceCard first, InsuranceCard second) => CombineKeyFields([first, second]);

    /// <summary>
    /// The first read with its member id, Medicare id and group chosen across all reads: the value (after
    /// normalisation) with the highest summed confidence wins, so two reads that agree outweigh one that differs
    /// unless it is more confident than both together; it keeps the confidence of its most confident read. With
    /// two reads this is "the more confident one".
    /// </summary>
    public static InsuranceCard CombineKeyFields(IReadOnlyList<InsuranceCard> reads)
    {
        ArgumentNullException.ThrowIfNull(reads);
        if (reads.Count == 0) throw new ArgumentException("At least one read is needed.", nameof(reads));
        InsuranceCard? Pick(Func<InsuranceCard, CardField<string>?> field) => reads
            .Where(r => field(r) is not null)
            .GroupBy(r => MemberIdFormat.Normalize(field(r)!.Value), StringComparer.Ordinal)
            .OrderByDescending(g => g.Sum(r => field(r)!.Confidence))
            .ThenByDescending(g => g.Max(r => field(r)!.Confidence))
            .Select(g => g.MaxBy(r => field(r)!.Confidence))
            .FirstOrDefault();
        var result = reads[0];
        if (Pick(r => r.IdNumber?.Number) is { } id) result = result with { IdNumber = id.IdNumber };
        if (Pick(r => r.MedicareMedicaidInfo?.Id) is { } mbi)
        {
            result = result with
            {
                MedicareMedicaidInfo = (result.MedicareMedicaidInfo ?? new CardMedicareMedicaidInfo()) with { Id = mbi.MedicareMedicaidInfo!.Id },
            };
        }
        if (Pick(r => r.GroupNumber) is { } group) result = result with { GroupNumber = group.GroupNumber };
        return result;
    }

    private async Task<string> RunAsync(byte[] pgm, TesseractOptions o, CancellationToken cancellationToken)
    {
        var psi = new ProcessStartInfo(o.Executable)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        foreach (var a in new[] { "stdin", "stdout", "--psm", o.PageSegmentationMode.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "-l", o.Language, "-c", "thresholding_method=2", "-c", "hocr_char_boxes=1", "hocr" })
        {
            psi.ArgumentList.Add(a);
        }
        psi.Environment["OMP_THREAD_LIMIT"] = o.Threads.ToString(System.Globalization.CultureInfo.InvariantCulture);

        Process process;
        try
        {
            process = Process.Start(psi) ?? throw new PermanentDependencyException(Dependency, "the tesseract process did not start.");
        }
        catch (Win32Exception e)
        {
            Log.TesseractMissing(logger, o.Executable);
            throw new PermanentDependencyException(Dependency,
                $"the executable '{o.Executable}' was not found; install the Debian package tesseract-ocr.", e);
        }
        using (process)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(o.TimeoutSeconds));
            try
            {
                var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
                var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
                await process.StandardInput.BaseStream.WriteAsync(pgm, timeout.Token);
                process.StandardInput.Close();
                await process.WaitForExitAsync(timeout.Token);
                var output = await stdout;
                _ = await stderr; // warnings like "Estimating resolution"; may echo image text, so never logged
                if (process.ExitCode != 0)
                {
                    throw new PermanentDependencyException(Dependency, $"tesseract exited with code {process.ExitCode}.");
                }
                return output;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                TryKill(process);
                throw new TransientDependencyException(Dependency, $"OCR took longer than {o.TimeoutSeconds} s.");
            }
            catch (OperationCanceledException)
            {
                TryKill(process);
                throw;
            }
        }
    }

    private static void TryKill(Process p)
    {
        try
        {
            if (!p.HasExited) p.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
    }
}
