using PatientAccess.Domain.Common;
using PatientAccess.Domain.Forms;

namespace PatientAccess.Domain.Ports;

/// <summary>
/// What a signed form's document shows: the template's exact words, the signature's facts (who, when, how, which
/// link, template version and text hash) and, for the MSP questionnaire, the answers with the decision.
/// </summary>
public sealed record SignedFormContent(FormTemplate Template, FormSignature Signature, MspRecord? Msp);

/// <summary>Renders a signed form as a PDF (PDFsharp in src/Integrations).</summary>
public interface ISignedFormRenderer
{
    byte[] Render(SignedFormContent content);
}

/// <summary>
/// Signed documents (rendered signatures, paper scans), write-once: a name is written once and never replaced or
/// deleted by the application (in Azure an immutability policy on the container enforces it too).
/// </summary>
public interface ISignedDocumentStore
{
    /// <summary>
    /// Stores <paramref name="content"/> under <paramref name="name"/> unless something is stored there already, and
    /// answers the lower-case hex SHA-256 of what is stored under the name: the new content's, or (a replayed request
    /// after a crash) the first write's, which stands.
    /// </summary>
    Task<string> PutOnceAsync(string name, byte[] content, string contentType, CancellationToken cancellationToken);

    /// <summary>The document, after checking that its SHA-256 is <paramref name="expectedSha256"/>.</summary>
    /// <exception cref="SignedDocumentAlteredException">The stored bytes do not match the recorded hash.</exception>
    /// <exception cref="NotFoundException">Nothing is stored under the name.</exception>
    Task<(byte[] Content, string ContentType)> ReadVerifiedAsync(string name, string expectedSha256, CancellationToken cancellationToken);
}

/// <summary>A stored signed document no longer matches the hash recorded when it was signed.</summary>
public sealed class SignedDocumentAlteredException(string name)
    : DomainException($"Signed document {name} does not match the hash recorded at signing.")
{
    public string Name { get; } = name;
}
