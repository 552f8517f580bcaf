namespace PatientAccess.Domain.Cards;

/// <summary>Which engine read a card field.</summary>
public enum CardEngine
{
    /// <summary>Azure AI Document Intelligence, prebuilt-healthInsuranceCard.us.</summary>
    DocumentIntelligence,

    /// <summary>Local Tesseract OCR with the PatientAccess field extractor.</summary>
    Tesseract,

    /// <summary>Local PP-OCR (ONNX Runtime) with the PatientAccess field extractor.</summary>
    PaddleOcr,

    /// <summary>Both local recognizers, Tesseract and PP-OCR, read the same value.</summary>
    LocalConsensus,
}

/// <summary>
/// One value read from an insurance card: the value, how sure the engine is (0..1) and which engine read it.
/// </summary>
public sealed record CardField<T>
{
    public CardField(T value, double confidence, CardEngine engine)
    {
        if (double.IsNaN(confidence) || confidence < 0 || confidence > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(confidence), "A confidence lies between 0 and 1.");
        }
        Value = value;
        Confidence = confidence;
        Engine = engine;
    }

    public T Value { get; }

    public double Confidence { get; }

    public CardEngine Engine { get; }

    /// <summary>The value rendered for display; never logged.</summary>
    public override string ToString() => $"{Value} ({Confidence:0.00}, {Engine})";
}
