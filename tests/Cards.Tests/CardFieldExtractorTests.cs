using System.Globalization;
using System.Text;
using CsCheck;
using PatientAccess.Domain.Cards;
using PatientAccess.Integrations.Cards;

namespace PatientAccess.Cards.Tests;

public class CardFieldExtractorTests
{
    /// <summary>Builds Tesseract TSV (level 5 word rows) from words laid out at given positions.</summary>
    private static string Tsv(params (string Text, int Left, int Top, int Height, double Conf)[] words)
    {
        var sb = new StringBuilder("level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n");
        sb.Append("1\t1\t0\t0\t0\t0\t0\t0\t1012\t638\t-1\t\n");
        var n = 0;
        foreach (var (text, left, top, height, conf) in words)
        {
            var width = (int)(text.Length * height * 0.6);
            sb.Append(CultureInfo.InvariantCulture, $"5\t1\t{++n}\t1\t1\t1\t{left}\t{top}\t{width}\t{height}\t{conf:0.000000}\t{text}\n");
        }
        return sb.ToString();
    }

    /// <summary>Words of one phrase, placed left to right with normal word spacing.</summary>
    private static IEnumerable<(string, int, int, int, double)> Phrase(string text, int left, int top, int height = 30, double conf = 95)
    {
        var x = left;
        foreach (var w in text.Split(' '))
        {
            yield return (w, x, top, height, conf);
            x += (int)(w.Length * height * 0.6) + (height / 3);
        }
    }

    private static string Card(params IEnumerable<(string, int, int, int, double)>[] phrases) => Tsv([.. phrases.SelectMany(p => p)]);

    [Fact]
    public void Extract_InlineLabels_FindsIdGroupAndName()
    {
        var card = CardFieldExtractor.ExtractFromTsv(Card(
            Phrase("Fakeland Health Plan", 120, 40, 44),
            Phrase("PPO", 900, 40, 44),
            Phrase("Name: ALEX Q TESTPERSON", 45, 170),
            Phrase("Member ID: ZQX 1234 5678", 45, 232),
            Phrase("Group #: 00417-2", 45, 294)));

        Assert.Equal("ZQX 1234 5678", card.MemberId!.Value);
        Assert.Equal("ZQX", card.IdNumber!.Prefix!.Value);
        Assert.Equal("00417-2", card.GroupNumber!.Value);
        Assert.Equal("ALEX Q TESTPERSON", card.Member!.Name!.Value);
        Assert.Equal("Fakeland Health Plan", card.Insurer!.Value);
        Assert.Equal("PPO", card.Plan!.Type!.Value);
        Assert.All(card.FieldsRead(), f => Assert.Equal(CardEngine.Tesseract, f.Engine));
    }

    [Fact]
    public void Extract_LabelsAboveValues_FindsValuesBelow()
    {
        var card = CardFieldExtractor.ExtractFromTsv(Card(
            Phrase("MEMBER NAME", 45, 160, 22),
            Phrase("RxBIN", 640, 180, 26), Phrase("9O1234", 760, 180, 28),
            Phrase("JORDAN SAMPLETON", 45, 198, 34),
            Phrase("ID NUMBER", 45, 244, 22),
            Phrase("RxPCN", 640, 225, 26), Phrase("FAKERX", 760, 225, 28),
            Phrase("W123456789", 45, 282, 34),
            Phrase("GROUP NO.", 45, 328, 22),
            Phrase("RxGrp", 640, 270, 26), Phrase("RXB1234", 760, 270, 28),
            Phrase("G7654321", 45, 366, 34)));

        Assert.Equal("W123456789", card.MemberId!.Value);
        Assert.Equal("G7654321", card.GroupNumber!.Value);
        Assert.Equal("JORDAN SAMPLETON", card.Member!.Name!.Value);
        Assert.Equal("901234", card.PrescriptionInfo!.RxBin!.Value); // a BIN is digits only: O can only be 0
        Assert.Equal("FAKERX", card.PrescriptionInfo.RxPcn!.Value);
        Assert.Equal("RXB1234", card.PrescriptionInfo.RxGrp!.Value);
    }

    [Fact]
    public void Extract_MisreadLabel_StillMatchesAndLowersConfidence()
    {
        var exact = CardFieldExtractor.ExtractFromTsv(Card(Phrase("Subscriber ID: XSG 7380 8264", 45, 200)));
        var misread = CardFieldExtractor.ExtractFromTsv(Card(Phrase("Subscriber 1D: XSG 7380 8264", 45, 200)));
        var lookalike = CardFieldExtractor.ExtractFromTsv(Card(Phrase("Subscrlber lD: XSG 7380 8264", 45, 200)));
        var garbled = CardFieldExtractor.ExtractFromTsv(Card(Phrase("Subscrber ID: XSG 7380 8264", 45, 200)));

        Assert.Equal("XSG 7380 8264", exact.MemberId!.Value);
        Assert.Equal("XSG 7380 8264", misread.MemberId!.Value);
        Assert.Equal("XSG 7380 8264", lookalike.MemberId!.Value);
        Assert.Equal("XSG 7380 8264", garbled.MemberId!.Value);
        Assert.True(garbled.MemberId.Confidence < exact.MemberId.Confidence);
    }

    [Fact]
    public void Extract_Confidence_FollowsTheWeakestOcrWord()
    {
        var strong = CardFieldExtractor.ExtractFromTsv(Card(Phrase("Member ID: W123456789", 45, 200, conf: 96)));
        var weak = CardFieldExtractor.ExtractFromTsv(Card(Phrase("Member ID:", 45, 200, conf: 96), Phrase("W123456789", 250, 200, conf: 40)));
        Assert.InRange(strong.MemberId!.Confidence, 0.9, 1.0);
        Assert.InRange(weak.MemberId!.Confidence, 0.3, 0.45);
    }

    [Fact]
    public void Extract_DollarMisreadInId_BecomesS()
    {
        var card = CardFieldExtractor.ExtractFromTsv(Card(Phrase("Member ID", 45, 300, 24), Phrase("$U13978010", 45, 340, 40)));
        Assert.Equal("SU13978010", card.MemberId!.Value);
    }

    [Fact]
    public void Extract_MedicareCard_ReadsMbiWithFormatCorrectionsAndPartDates()
    {
        var card = CardFieldExtractor.ExtractFromTsv(Card(
            Phrase("MEDICARE HEALTH INSURANCE", 200, 40, 44),
            Phrase("Name/Nombre", 50, 160, 24),
            Phrase("JORDAN DUMMYFIELD", 50, 200, 36),
            Phrase("Medicare Number/Número de Medicare", 50, 265, 24),
            Phrase("8CRO-Y26-UW45", 50, 305, 38),
            Phrase("HOSPITAL (PART A)", 50, 420, 30), Phrase("03/01/2024", 560, 420, 30),
            Phrase("MEDICAL (PART B)", 50, 470, 30), Phrase("04/01/2024", 560, 470, 30)));

        Assert.Equal("Medicare", card.Insurer!.Value);
        Assert.Equal("Medicare", card.Plan!.Type!.Value);
        Assert.Equal("8CR0-Y26-UW45", card.MedicareMedicaidInfo!.Id!.Value); // MBIs have no letter O
        Assert.Equal("8CR0-Y26-UW45", card.MemberId!.Value);
        Assert.Equal(new DateOnly(2024, 3, 1), card.MedicareMedicaidInfo.PartAEffectiveDate!.Value);
        Assert.Equal(new DateOnly(2024, 4, 1), card.MedicareMedicaidInfo.PartBEffectiveDate!.Value);
        Assert.Null(card.GroupNumber);
    }

    [Fact]
    public void Extract_MedicareZeroReadTwice_KeepsOneZeroAtLowerConfidence()
    {
        var card = CardFieldExtractor.ExtractFromTsv(Card(
            Phrase("MEDICARE HEALTH INSURANCE", 200, 40, 44),
            Phrase("Medicare Number/Número de Medicare", 50, 265, 24),
            Phrase("2WX7-M47-JV0O2", 50, 305, 38)));
        Assert.Equal("2WX7-M47-JV02", card.MemberId!.Value);
        Assert.True(card.MemberId.Confidence < 0.8);
    }

    [Fact]
    public void Extract_MedicareWithBrokenLabel_FindsMbiByItsFormat()
    {
        var card = CardFieldExtractor.ExtractFromTsv(Card(
            Phrase("MEDICARE HEALTH INSURANCE", 200, 40, 44),
            Phrase("Me care Nu", 50, 265, 24),
            Phrase("4U62-", 50, 305, 38), Phrase("RC5-YW67", 300, 330, 38)));
        Assert.Equal("4U62-RC5-YW67", card.MedicareMedicaidInfo!.Id!.Value);
        Assert.True(card.MedicareMedicaidInfo.Id.Confidence < 0.9);
    }

    [Fact]
    public void Extract_Copays_ReadsBenefitAndAmountEvenWithoutSpace()
    {
        var card = CardFieldExtractor.ExtractFromTsv(Card(Phrase("Office Visit $25", 30, 540, 24), Phrase("Specialist $50", 330, 540, 24), Phrase("ER$250", 600, 540, 24)));
        Assert.Equal(["Office Visit", "Specialist", "ER"], card.Copays.Select(c => c.Benefit!.Value));
        Assert.Equal([25m, 50m, 250m], card.Copays.Select(c => c.Amount!.Value));
    }

    [Fact]
    public void Extract_MedicaidAndDates_ReadsInsurerBirthDateAndPhone()
    {
        var card = CardFieldExtractor.ExtractFromTsv(Card(
            Phrase("© FAKESTATE MEDICAID", 110, 60, 42),
            Phrase("Member ID", 80, 300, 24), Phrase("360125120448", 80, 340, 38),
            Phrase("Date of Birth", 80, 410, 24), Phrase("11/01/2003", 80, 448, 30),
            Phrase("Customer Service 1-800-555-0100", 30, 600, 20)));
        Assert.Equal("FAKESTATE MEDICAID", card.Insurer!.Value);
        Assert.Equal("Medicaid", card.Plan!.Type!.Value);
        Assert.Equal("360125120448", card.MemberId!.Value);
        Assert.Equal(new DateOnly(2003, 11, 1), card.Member!.BirthDate!.Value);
        Assert.Equal("1-800-555-0100", card.Payer!.PhoneNumber!.Value);
    }

    [Fact]
    public void Extract_OneUnlabelledIdShapedToken_IsTheMemberIdBelowAcceptConfidence()
    {
        var card = CardFieldExtractor.ExtractFromTsv(Card(Phrase("Providers verify eligibility before each visit", 30, 500, 22), Phrase("123456789", 30, 560, 30)));
        Assert.Equal("123456789", card.MemberId!.Value);
        Assert.True(card.MemberId.Confidence < ReconciliationPolicy.Default.AcceptConfidence);
        Assert.Null(card.GroupNumber);
    }

    [Fact]
    public void Extract_TwoUnlabelledIdShapedTokens_FindsNoMemberId()
    {
        var card = CardFieldExtractor.ExtractFromTsv(Card(Phrase("ALEX TESTPERSON", 30, 200, 30), Phrase("123456789", 30, 260, 30), Phrase("W987654321", 600, 260, 30)));
        Assert.Null(card.MemberId);
    }

    [Fact]
    public void Extract_UnlabelledIdBesidePhoneDatesAndLabelledGroup_TakesTheOnlyIdShapedToken()
    {
        var card = CardFieldExtractor.ExtractFromTsv(Card(
            Phrase("Fakeland Health Plan", 125, 40, 44),
            Phrase("ALEX TESTPERSON", 45, 180, 34),
            Phrase("XZQ123456789", 45, 230, 40),
            Phrase("Group: 0417236", 45, 300, 28),
            Phrase("Effective 01/01/2026", 45, 350, 28),
            Phrase("Customer Service 1-800-555-0199", 30, 600, 20)));
        Assert.Equal("XZQ123456789", card.MemberId!.Value);
        Assert.Equal("0417236", card.GroupNumber!.Value);
        Assert.True(card.MemberId.Confidence < ReconciliationPolicy.Default.AcceptConfidence);
    }

    [Theory]
    [InlineData("Member #", "Grp #")]
    [InlineData("ID No.", "Group")]
    [InlineData("Identification Number", "Group ID")]
    [InlineData("Subscriber ID", "Grp No.")]
    [InlineData("Miembro", "Núm. de grupo")]
    [InlineData("Número de miembro", "Grupo")]
    public void Extract_RealCardLabelVocabulary_FindsIdAndGroup(string idLabel, string groupLabel)
    {
        var card = CardFieldExtractor.ExtractFromTsv(Card(
            Phrase(idLabel + ": W123456789", 45, 200),
            Phrase(groupLabel + ": 0417236", 45, 260)));
        Assert.Equal("W123456789", card.MemberId!.Value);
        Assert.Equal("0417236", card.GroupNumber!.Value);
    }

    [Fact]
    public void Extract_BilingualLabelAbove_FindsValueBelow()
    {
        var card = CardFieldExtractor.ExtractFromTsv(Card(
            Phrase("Miembro / Member ID", 45, 200, 22),
            Phrase("ZQX123456789", 45, 232, 34),
            Phrase("Núm. de grupo / Group No.", 45, 300, 22),
            Phrase("G7654321", 45, 332, 34)));
        Assert.Equal("ZQX123456789", card.MemberId!.Value);
        Assert.Equal("G7654321", card.GroupNumber!.Value);
    }

    [Fact]
    public void Extract_DependentSuffix_KeptInTheIdAndGivenAsSuffix()
    {
        var card = CardFieldExtractor.ExtractFromTsv(Card(Phrase("Member ID: 123456789-01", 45, 200), Phrase("Group: 0417236", 45, 260)));
        Assert.Equal("123456789-01", card.MemberId!.Value);
        Assert.Equal("01", card.Member!.IdNumberSuffix!.Value);
    }

    [Fact]
    public void Extract_RxGroupOnThePharmacyLine_IsNeverTheGroupNumber()
    {
        var card = CardFieldExtractor.ExtractFromTsv(Card(
            Phrase("Member ID: W123456789", 45, 200),
            Phrase("BIN 961234", 45, 470), Phrase("PCN FAKERX", 320, 470), Phrase("GRP RXB1234", 600, 470)));
        Assert.Null(card.GroupNumber);
        Assert.Equal("RXB1234", card.PrescriptionInfo!.RxGrp!.Value);
        Assert.Equal("961234", card.PrescriptionInfo.RxBin!.Value);
    }

    [Fact]
    public void Extract_GroupUnderRxColumn_IsTheRxGroup()
    {
        var card = CardFieldExtractor.ExtractFromTsv(Card(
            Phrase("Group No.: 0417236", 45, 260),
            Phrase("BIN", 640, 200, 26), Phrase("961234", 760, 200, 28),
            Phrase("PCN", 640, 245, 26), Phrase("FAKERX", 760, 245, 28),
            Phrase("Group", 640, 290, 26), Phrase("RXB1234", 760, 290, 28)));
        Assert.Equal("0417236", card.GroupNumber!.Value);
        Assert.Equal("RXB1234", card.PrescriptionInfo!.RxGrp!.Value);
    }

    [Fact]
    public void Extract_GroupBesideAnRxColumnOnTheSameLine_StaysTheGroup()
    {
        var card = CardFieldExtractor.ExtractFromTsv(Card(
            Phrase("Group No.: 0417236", 45, 200),
            Phrase("RxBIN", 640, 200, 26), Phrase("961234", 760, 200, 28),
            Phrase("RxGrp", 640, 245, 26), Phrase("RXB1234", 760, 245, 28)));
        Assert.Equal("0417236", card.GroupNumber!.Value);
        Assert.Equal("RXB1234", card.PrescriptionInfo!.RxGrp!.Value);
    }

    [Fact]
    public void Extract_TableHeaderRow_PairsEachValueWithTheHeaderAboveIt()
    {
        var card = CardFieldExtractor.ExtractFromTsv(Card(
            Phrase("Member ID", 50, 300, 20), Phrase("Group Number", 330, 300, 20), Phrase("Plan", 610, 300, 20),
            Phrase("W123456789", 50, 340, 28), Phrase("0417236", 330, 340, 28), Phrase("PPO", 610, 340, 28)));
        Assert.Equal("W123456789", card.MemberId!.Value);
        Assert.Equal("0417236", card.GroupNumber!.Value);
    }

    [Fact]
    public void Extract_RightAlignedValueFarFromItsLabel_IsFound()
    {
        var card = CardFieldExtractor.ExtractFromTsv(Card(Phrase("Subscriber ID", 45, 200, 24), Phrase("W123456789", 420, 200, 30)));
        Assert.Equal("W123456789", card.MemberId!.Value);
    }

    [Fact]
    public void Extract_IndividualFamilyAmounts_ReadAsTwoAmounts()
    {
        var card = CardFieldExtractor.ExtractFromTsv(Card(Phrase("Deductible $1,500/$3,000", 30, 540, 20), Phrase("Specialist $50", 500, 540, 20)));
        Assert.Equal(["Deductible Individual", "Deductible Family", "Specialist"], card.Copays.Select(c => c.Benefit!.Value));
        Assert.Equal([1500m, 3000m, 50m], card.Copays.Select(c => c.Amount!.Value));
    }

    [Fact]
    public void Extract_MedicaidIdNoWithoutGroup_FindsIdAndNoGroup()
    {
        var card = CardFieldExtractor.ExtractFromTsv(Card(Phrase("FAKESTATE MEDICAID", 175, 50, 42), Phrase("ID No.", 45, 200, 22), Phrase("AB12345C", 45, 232, 34)));
        Assert.Equal("AB12345C", card.MemberId!.Value);
        Assert.Null(card.GroupNumber);
    }

    [Fact]
    public void Extract_LetterAmongDigits_ComesBackWithLowerConfidence()
    {
        var plain = CardFieldExtractor.ExtractFromTsv(Card(Phrase("Member ID: W123456789", 45, 200)));
        var odd = CardFieldExtractor.ExtractFromTsv(Card(Phrase("Member ID: W1234S6789", 45, 200)));
        Assert.True(odd.MemberId!.Confidence < plain.MemberId!.Confidence * 0.7);
        Assert.True(odd.MemberId.Confidence < ReconciliationPolicy.Default.AcceptConfidence);
    }

    [Fact]
    public void Extract_CardBack_ReadsClaimsPayerIdPhonesAndAddress()
    {
        var card = CardFieldExtractor.ExtractFromTsv(Card(
            Phrase("Member Services: 1-800-555-0142", 40, 60, 24),
            Phrase("Provider Services: 1-877-555-0199", 40, 110, 24),
            Phrase("EDI Payer ID: 62308", 40, 160, 24),
            Phrase("Submit claims to:", 40, 210, 24),
            Phrase("Fakeland Health Plan", 40, 248, 24),
            Phrase("PO Box 12345, Springfield, ZZ 54321", 40, 282, 24)));
        Assert.Equal("1-800-555-0142", card.Payer!.PhoneNumber!.Value);
        Assert.Equal("1-877-555-0199", card.Payer.ProviderPhoneNumber!.Value);
        Assert.Equal("62308", card.Payer.Id!.Value);
        Assert.Equal("PO Box 12345, Springfield, ZZ 54321", card.Payer.Address!.Value);
    }

    [Fact]
    public void Extract_DependentCard_ReadsSubscriberAndDependents()
    {
        var card = CardFieldExtractor.ExtractFromTsv(Card(
            Phrase("Member: RILEY TESTPERSON", 45, 160),
            Phrase("Subscriber: JORDAN TESTPERSON", 45, 210),
            Phrase("Member ID: 123456789-02", 45, 260),
            Phrase("Dependents: RILEY TESTPERSON", 45, 320, 22), Phrase("CASEY TESTPERSON", 500, 320, 22)));
        Assert.Equal("RILEY TESTPERSON", card.Member!.Name!.Value);
        Assert.Equal("JORDAN TESTPERSON", card.Subscriber!.Name!.Value);
        Assert.Equal(["RILEY TESTPERSON", "CASEY TESTPERSON"], card.Dependents.Select(d => d.Name!.Value));
    }

    [Fact]
    public void Extract_WithEngine_StampsEveryField()
    {
        var card = CardFieldExtractor.Extract(TesseractTsv.Parse(Card(Phrase("Member ID: W123456789", 45, 200), Phrase("Group: 0417236", 45, 260))), CardEngine.PaddleOcr);
        Assert.All(card.FieldsRead(), f => Assert.Equal(CardEngine.PaddleOcr, f.Engine));
    }

    [Fact]
    public void ExtractFromTsv_RandomTsv_NeverThrowsAndConfidencesStayInRange()
    {
        var gWord = Gen.String[Gen.Char["AIDMEBRNUOGP0123456789$:/-# "], 1, 12];
        var gRow = Gen.Select(gWord, Gen.Int[-50, 1500], Gen.Int[-50, 900], Gen.Int[0, 80], Gen.Double[-1, 100]);
        gRow.Array[0, 40].Sample(rows =>
        {
            var card = CardFieldExtractor.ExtractFromTsv(Tsv(rows.Select(r => (r.Item1.Trim() is { Length: > 0 } t ? t : "X", r.Item2, r.Item3, Math.Max(1, r.Item4), r.Item5)).ToArray()));
            Assert.All(card.FieldsRead(), f => Assert.InRange(f.Confidence, 0, 1));
        }, iter: 3_000);
    }

    /// <summary>A word with one character box per (start, end) pair, as hOCR with hocr_char_boxes=1 gives it.</summary>
    private static OcrWord Word(string text, int top, int height, double conf, params (int Left, int Right)[] boxes) =>
        new(text, boxes[0].Left, top, boxes[^1].Right - boxes[0].Left, height, conf)
        {
            Glyphs = [.. text.Select((c, i) => new OcrGlyph(c.ToString(), boxes[i].Left, boxes[i].Right))],
        };

    [Fact]
    public void Extract_GlyphReadTwice_DropsTheNarrowOverlappingEcho()
    {
        // card-1000 (DejaVu Sans Bold, "7561ZJT"): Tesseract read "75612ZJT"; the "2" is 15 px wide against ~33 for
        // the others and lies 7 px inside the Z: the ink of "1Z" read a second time. Boxes as tesseract 5.3 gave them.
        var label = new OcrWord("GROUP", 109, 610, 120, 28, 96);
        var label2 = new OcrWord("NUMBER", 240, 610, 150, 28, 96);
        var value = Word("75612ZJT", 659, 55, 35, (109, 142), (151, 184), (193, 226), (236, 267), (266, 281), (274, 311), (311, 331), (337, 377));

        var card = CardFieldExtractor.Extract([label, label2, value]);

        Assert.Equal("7561ZJT", card.GroupNumber?.Value);
    }

    [Fact]
    public void Extract_NarrowGlyphsThatDoNotOverlap_AreKept()
    {
        // A narrow "1" or "J" is a real character when its box stays beside its neighbours.
        var label = new OcrWord("GROUP", 109, 610, 120, 28, 96);
        var value = Word("G1J1045", 659, 55, 40, (109, 142), (150, 162), (168, 184), (190, 202), (208, 241), (249, 282), (290, 323));

        var card = CardFieldExtractor.Extract([label, value]);

        Assert.Equal("G1J1045", card.GroupNumber?.Value);
    }

    [Fact]
    public void Extract_ConfidentWordWithOverlappingBoxes_IsLeftAlone()
    {
        // LSTM character boxes are approximate; a word Tesseract is sure of is not repaired from them.
        var label = new OcrWord("GROUP", 109, 610, 120, 28, 96);
        var value = Word("75612ZJT", 659, 55, 95, (109, 142), (151, 184), (193, 226), (236, 267), (266, 281), (274, 311), (311, 331), (337, 377));

        var card = CardFieldExtractor.Extract([label, value]);

        Assert.Equal("75612ZJT", card.GroupNumber?.Value);
    }

    [Fact]
    public void TesseractHocr_Parse_ReadsWordsConfidencesAndCharacterBoxes()
    {
        const string hocr = """
            <span class='ocr_line' id='line_1_1' title="bbox 10 20 200 60">
             <span class='ocrx_word' id='word_1_1' title='bbox 10 20 90 60; x_wconf 34'>
              <span class='ocrx_cinfo' title='x_bboxes 10 20 40 60; x_conf 98.9'>A</span>
              <span class='ocrx_cinfo' title='x_bboxes 41 20 60 60; x_conf 90.1'>&amp;</span>
              <span class='ocrx_cinfo' title='x_bboxes 61 20 90 60; x_conf 97.2'>1</span>
             </span>
             <span class='ocrx_word' id='word_1_2' title='bbox 120 20 200 60; x_wconf 91'><strong>Plain</strong></span>
            </span>
            """;

        var words = TesseractHocr.Parse(hocr);

        Assert.Equal(2, words.Count);
        Assert.Equal(("A&1", 10, 20, 80, 40, 34.0), (words[0].Text, words[0].Left, words[0].Top, words[0].Width, words[0].Height, words[0].Confidence));
        Assert.Equal([new OcrGlyph("A", 10, 40), new OcrGlyph("&", 41, 60), new OcrGlyph("1", 61, 90)], words[0].Glyphs);
        Assert.Equal("Plain", words[1].Text);
        Assert.Null(words[1].Glyphs);
    }

    [Fact]
    public void TesseractHocr_Parse_RandomText_NeverThrows()
    {
        var gPiece = Gen.OneOf(
            Gen.Const("<span class='ocrx_word' id='w' title='bbox 1 2 30 40; x_wconf 50'>"),
            Gen.Const("<span class='ocrx_cinfo' title='x_bboxes 1 2 9 40; x_conf 9.5'>"),
            Gen.Const("</span>"), Gen.Const("&amp;"), Gen.Const("&#"), Gen.String[Gen.Char["AZ09<>'/= ;&"], 0, 6]);
        gPiece.Array[0, 30].Sample(pieces =>
        {
            var words = TesseractHocr.Parse(string.Concat(pieces));
            Assert.All(words, w => Assert.True(w.Text.Length > 0 && w.Confidence is >= 0 and <= 100));
            _ = CardFieldExtractor.Extract(words);
        }, iter: 2_000);
    }

    [Fact]
    public void TesseractTsv_Parse_SkipsNonWordRowsAndBadNumbers()
    {
        var words = TesseractTsv.Parse("level\tpage_num\n5\t1\t1\t1\t1\t1\t10\t20\t30\t40\t91.5\tHELLO\n4\t1\t1\t1\t1\t0\t0\t0\t0\t0\t-1\t\n5\t1\t1\t1\t1\t2\tx\t20\t30\t40\t91.5\tBAD\n5\t1\t1\t1\t1\t3\t50\t20\t30\t40\t-1\t \n");
        var w = Assert.Single(words);
        Assert.Equal(new OcrWord("HELLO", 10, 20, 30, 40, 91.5), w);
    }
}
