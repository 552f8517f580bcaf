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
/// Reads a card locally: SkiaSharp clean-up, Tesseract 5 with TSV output (word boxes and confidences) and the
/// label/layout field extractor. The image goes to Tesseract on stdin and the words come back on stdout: nothing
/// touches the disk, and no OCR text is logged.
/// </summary>
public sealed class TesseractCardReader(IOptions<TesseractOptions> options, ILogger<TesseractCardReader> logger) : ICardReader
{
    public const string Dependency = "Tesseract";

    public async Task<InsuranceCard> ReadAsync(ReadOnlyMemory<byte> image, string contentType, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var started = Stopwatch.GetTimestamp();
        if (CardImageInspector.Inspect(image.Span) is CardImageInspection.Rejected rejected)
        {
            throw new CardUnreadableException(Dependency, rejected.Code, rejected.Reason);
        }
        if (CardImageInspector.Sniff(image.Span) is CardImageFormat.Pdf or CardImageFormat.Heif)
        {
            throw new CardUnreadableException(Dependency, CardRejectionCode.UnsupportedFormat,
                "The local reader reads JPEG, PNG, BMP and TIFF photos; PDF and HEIC need Document Intelligence.");
        }
        var prepared = CardImagePreprocessor.Prepare(image.Span, new PreprocessSettings { TargetLongSide = o.TargetLongSide });
        var words = TesseractTsv.Parse(await RunAsync(prepared.Pgm, o, cancellationToken));
        if (words.Count == 0)
        {
            throw new CardUnreadableException(Dependency, CardRejectionCode.NoTextFound, "No text was found on the image.");
        }
        var card = CardFieldExtractor.Extract(words);
        var passes = 1;
        // OCR errors depend on glyph size: another look at a smaller, then a larger scale often reads what the first
        // missed. Only the key fields are taken from it, and only where it is more confident.
        foreach (var factor in RetryScales)
        {
            if (!NeedsSecondLook(card, o.SecondPassBelow)) break;
            var again = CardImagePreprocessor.Prepare(image.Span, new PreprocessSettings { TargetLongSide = (int)(o.TargetLongSide * factor) });
            card = MergeKeyFields(card, CardFieldExtractor.Extract(TesseractTsv.Parse(await RunAsync(again.Pgm, o, cancellationToken))));
            passes++;
        }
        Log.CardRead(logger, "Tesseract", card.FieldsRead().Count(), words.Count, prepared.SkewDegrees, passes,
            (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return card;
    }

    private static readonly double[] RetryScales = [0.85, 1.25, 0.7];

    private static bool NeedsSecondLook(InsuranceCard card, double threshold) =>
        card.MemberId is null || card.MemberId.Confidence < threshold || card.GroupNumber is { } g && g.Confidence < threshold;

    /// <summary>Member id, Medicare id and group from <paramref name="second"/> where it read them with more confidence.</summary>
    public static InsuranceCard MergeKeyFields(InsuranceCard first, InsuranceCard second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        static bool Better<T>(CardField<T>? a, CardField<T>? b) => b is not null && (a is null || b.Confidence > a.Confidence);
        var result = first;
        if (Better(first.IdNumber?.Number, second.IdNumber?.Number)) result = result with { IdNumber = second.IdNumber };
        if (Better(first.MedicareMedicaidInfo?.Id, second.MedicareMedicaidInfo?.Id))
        {
            result = result with
            {
                MedicareMedicaidInfo = (first.MedicareMedicaidInfo ?? new CardMedicareMedicaidInfo()) with { Id = second.MedicareMedicaidInfo!.Id },
            };
        }
        if (Better(first.GroupNumber, second.GroupNumber)) result = result with { GroupNumber = second.GroupNumber };
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
                     "-l", o.Language, "-c", "thresholding_method=2", "-c", "tessedit_create_tsv=1", "tsv" })
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
