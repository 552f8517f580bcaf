using System.Globalization;
using System.Text.Json;
using PatientAccess.CardGenerator;
using SkiaSharp;

// card-generator generate <outDir> [--count N] [--seed S]   renders N cards (half clean, half phone photo) with truth files
// card-generator measure <dir>                              reads every card with the local Tesseract reader and prints accuracy
// card-generator card <outDir> --seed S [--photo] [--layout L] [--insurer X] [--plan-type X] [--member X] [--member-id X]
//                [--id-prefix X] [--group X] [--payer-id X]      one card with given values (e.g. a payer sandbox member)
if (args.Length < 2 || args[0] is not ("generate" or "measure" or "prep" or "card" or "ppocr" or "families"))
{
    Console.Error.WriteLine("usage: CardGenerator generate <outDir> [--count 48] [--seed 1000] | measure <dir> [--markdown] | card <outDir> --seed S [--photo] [--layout L] [--insurer X] [--plan-type X] [--member X] [--member-id X] [--id-prefix X] [--group X] [--payer-id X]");
    return 2;
}

if (args[0] == "prep")
{
    // Debugging aid: write the OCR-ready image (as PNG) that the local reader would hand to Tesseract.
    var targetAt = Array.IndexOf(args, "--target");
    var settings = new PatientAccess.Integrations.Cards.PreprocessSettings
    {
        TargetLongSide = targetAt > 0 ? int.Parse(args[targetAt + 1], CultureInfo.InvariantCulture) : 1800,
    };
    var prepared = PatientAccess.Integrations.Cards.CardImagePreprocessor.Prepare(await File.ReadAllBytesAsync(args[1]), settings);
    using var bmp = new SKBitmap(new SKImageInfo(prepared.Width, prepared.Height, SKColorType.Gray8, SKAlphaType.Opaque));
    System.Runtime.InteropServices.Marshal.Copy(prepared.Pgm, prepared.Pgm.Length - (prepared.Width * prepared.Height), bmp.GetPixels(), prepared.Width * prepared.Height);
    using var png = bmp.Encode(SKEncodedImageFormat.Png, 100);
    await File.WriteAllBytesAsync(args[2], png.ToArray());
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"skew {prepared.SkewDegrees} scale {prepared.Scale:0.00}"));
    return 0;
}

if (args[0] == "ppocr")
{
    // Debugging aid: the words the PP-OCR recognizer reads on the OCR-ready image.
    var models = PatientAccess.Integrations.Cards.PaddleOcrModels.Find(PatientAccess.Integrations.Cards.PaddleOcrModels.DefaultDirectory(AppContext.BaseDirectory)!)!;
    using var ocr = new PatientAccess.Integrations.Cards.PaddleOcrRecognizer(models);
    var prepared = PatientAccess.Integrations.Cards.CardImagePreprocessor.Prepare(await File.ReadAllBytesAsync(args[1]));
    for (var round = 0; round < 2; round++)
    {
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var words = ocr.Read(prepared.Pixels.Span, prepared.Width, prepared.Height);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{words.Count} words in {sw.ElapsedMilliseconds} ms"));
        if (round == 1) foreach (var w in words) Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{w.Left,5} {w.Top,5} {w.Width,4} {w.Height,3} {w.Confidence,5:0} {w.Text}"));
    }
    return 0;
}

if (args[0] == "measure")
{
    var target = Array.IndexOf(args, "--target");
    return await AccuracyMeasurement.RunAsync(args[1], args.Contains("--markdown"),
        target > 0 ? int.Parse(args[target + 1], CultureInfo.InvariantCulture) : null, Text("--engine") ?? "local");
}

var outDir = args[1];
Directory.CreateDirectory(outDir);
if (args[0] == "card")
{
    var values = new CardValues
    {
        Layout = Text("--layout"), Insurer = Text("--insurer"), PlanType = Text("--plan-type"), MemberName = Text("--member"),
        MemberId = Text("--member-id"), IdPrefix = Text("--id-prefix"), GroupNumber = Text("--group"), PayerId = Text("--payer-id"),
    };
    var size = await WriteCardAsync(Option("--seed", 3000), Text("--rendering") ?? (args.Contains("--photo") ? "photo" : "clean"), values, args.Contains("--back"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote 1 card to {outDir} ({size / 1024} KB)"));
    return 0;
}
if (args[0] == "families")
{
    // families <outDir> --per N --seed S [--set dev|heldout|all] [--backs]: N cards per family and rendering (clean, photo, harsh).
    var set = Text("--set") ?? "all";
    var names = set switch
    {
        "dev" => LayoutFamily.DevelopmentNames,
        "heldout" => LayoutFamily.HeldOutNames,
        _ => LayoutFamily.AllNames,
    };
    var per = Option("--per", 4);
    var seed = Option("--seed", 5000);
    var written = 0;
    foreach (var family in names)
    {
        for (var i = 0; i < per; i++)
        {
            foreach (var rendering in new[] { "clean", "photo", "harsh" })
            {
                await WriteCardAsync(seed, rendering, new CardValues { Layout = family }, args.Contains("--backs"));
                written++;
                seed++;
            }
        }
    }
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {written} card fronts ({set}: {string.Join(", ", names)}) to {outDir}"));
    return 0;
}

var count = Option("--count", 48);
var firstSeed = Option("--seed", 1000);
var total = 0L;
for (var i = 0; i < count; i++)
{
    total += await WriteCardAsync(firstSeed + i, i % 2 == 1 ? "photo" : "clean", null, false);
}
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {count} cards to {outDir} ({total / 1024} KB)"));
return 0;

// Renders one card, applies the clean, phone-photo or harsh-photo effects, writes <name>.jpg and <name>.truth.json
// (and the back, for a commercial card, when asked); returns the JPEG size of the front.
async Task<long> WriteCardAsync(int seed, string rendering, CardValues? values, bool back)
{
    var photo = rendering != "clean";
    var (card, truth) = CardRenderer.Render("", seed, photo, values, rendering);
    var name = string.Create(CultureInfo.InvariantCulture, $"card-{seed}-{truth.Layout}-{rendering}");
    var size = await SaveAsync(card, truth, name, seed, rendering);
    if (back && truth.GroupNumber is not null && truth.PlanType is not ("Medicare" or "Medicaid"))
    {
        var (backCard, backTruth) = CardRenderer.RenderBack(truth, seed);
        await SaveAsync(backCard, backTruth, name.Replace("card-", "back-", StringComparison.Ordinal), seed + 100_000, rendering);
    }
    return size;
}

async Task<long> SaveAsync(SKBitmap card, CardTruth truth, string name, int seed, string rendering)
{
    var effects = new List<string>();
    var rng = new Random(seed * 7919);
    long size;
    using (card)
    using (var final = rendering switch
    {
        "harsh" => PhotoEffects.Harsh(card, rng, effects),
        "photo" => PhotoEffects.Photo(card, rng, effects),
        _ => PhotoEffects.Clean(card, rng, effects),
    })
    {
        var quality = rendering switch { "harsh" => 40, "photo" => 60 + rng.Next(26), _ => 90 };
        effects.Add(string.Create(CultureInfo.InvariantCulture, $"jpeg {quality}"));
        using var data = final.Encode(SKEncodedImageFormat.Jpeg, quality);
        var path = Path.Combine(outDir, name + ".jpg");
        await File.WriteAllBytesAsync(path, data.ToArray());
        size = data.Size;
    }
    truth = truth with { Name = name, Effects = effects };
    await File.WriteAllTextAsync(Path.Combine(outDir, name + ".truth.json"), JsonSerializer.Serialize(truth, TruthJson.Default.CardTruth) + "\n");
    return size;
}

string? Text(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

int Option(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}
