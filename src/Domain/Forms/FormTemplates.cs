using System.Security.Cryptography;
using System.Text;

namespace PatientAccess.Domain.Forms;

/// <summary>The forms a visit can need. Stable codes: the facility configuration names them and records keep them.</summary>
public enum FormKind
{
    /// <summary>General consent to treatment (outpatient and routine care).</summary>
    ConsentToTreat,

    /// <summary>Acknowledgement of receipt of the HIPAA Notice of Privacy Practices (45 CFR 164.520(c)(2)(ii)).</summary>
    PrivacyNoticeAcknowledgement,

    /// <summary>Financial responsibility and assignment of insurance benefits to the hospital.</summary>
    FinancialResponsibility,

    /// <summary>The Medicare Secondary Payer questionnaire (CMS Pub. 100-05, ch. 3, 20.2.1); only for Medicare patients.</summary>
    MedicareSecondaryPayer,
}

/// <summary>
/// One version of a form in one language: the exact text the patient reads, its title, and the sentence they affirm
/// when they sign (the statement of intent ESIGN and UETA expect). A version is never edited: a change is a new
/// version, so a signature always points at the text it was given for. <see cref="TextSha256"/> is the hash of
/// title, text and intent, kept on the signature record to prove which words were shown.
/// </summary>
public sealed record FormTemplate(FormKind Kind, string Version, string Language, string Title, string Text, string Intent)
{
    /// <summary>The template's id as records name it: <c>{kind}@{version}/{language}</c>.</summary>
    public string Id => $"{Kind}@{Version}/{Language}";

    /// <summary>Lower-case hex SHA-256 of title, text and intent (UTF-8, separated by a blank line).</summary>
    public string TextSha256 => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{Title}\n\n{Text}\n\n{Intent}")));
}

/// <summary>
/// The form templates in force, in English and Spanish. Each kind has one current version; older versions stay here
/// once they were signed, so a record can always show its text. The wording follows what US hospitals use for these
/// forms (plain language, no legal advice); a facility's counsel adapts it by adding a version.
/// </summary>
public static class FormTemplates
{
    /// <summary>The current version of every form.</summary>
    public const string CurrentVersion = "2026.1";

    private static readonly FormTemplate[] All =
    [
        new(FormKind.ConsentToTreat, CurrentVersion, "en", "Consent to treatment",
            "I ask for and agree to the outpatient care my doctors order for this visit: examinations, tests, imaging, " +
            "procedures and treatment that are routine for it. Anything with more than routine risk (surgery, anesthesia, " +
            "blood products) is explained to me and needs my separate written consent. I may ask questions at any time, " +
            "and I may refuse or stop any treatment. No one has promised me a particular result.",
            "By typing my name and choosing Sign, I sign this consent electronically and mean it as my handwritten signature."),
        new(FormKind.ConsentToTreat, CurrentVersion, "es", "Consentimiento para el tratamiento",
            "Solicito y acepto la atención ambulatoria que mis médicos indiquen para esta visita: exámenes, pruebas, " +
            "imágenes, procedimientos y tratamientos de rutina. Todo lo que tenga un riesgo mayor que el de rutina " +
            "(cirugía, anestesia, productos sanguíneos) se me explicará y necesitará mi consentimiento por escrito aparte. " +
            "Puedo hacer preguntas en cualquier momento y puedo rechazar o suspender cualquier tratamiento. Nadie me ha " +
            "prometido un resultado determinado.",
            "Al escribir mi nombre y elegir Firmar, firmo este consentimiento electrónicamente y lo hago con el mismo valor que mi firma a mano."),

        new(FormKind.PrivacyNoticeAcknowledgement, CurrentVersion, "en", "Notice of Privacy Practices: acknowledgement",
            "I was offered the hospital's Notice of Privacy Practices, which explains how my health information may be " +
            "used and shared and what my rights are: to see and get a copy of my records, to ask for corrections, to ask " +
            "for limits on sharing, to get a list of disclosures, and to file a complaint. I can ask for a paper copy at " +
            "any time. This acknowledgement does not change my rights.",
            "By typing my name and choosing Sign, I acknowledge electronically that I received this notice."),
        new(FormKind.PrivacyNoticeAcknowledgement, CurrentVersion, "es", "Aviso de prácticas de privacidad: acuse de recibo",
            "Se me ofreció el Aviso de prácticas de privacidad del hospital, que explica cómo se puede usar y compartir mi " +
            "información de salud y cuáles son mis derechos: ver y obtener una copia de mi expediente, pedir correcciones, " +
            "pedir límites a lo que se comparte, obtener una lista de divulgaciones y presentar una queja. Puedo pedir una " +
            "copia en papel en cualquier momento. Este acuse no cambia mis derechos.",
            "Al escribir mi nombre y elegir Firmar, confirmo electrónicamente que recibí este aviso."),

        new(FormKind.FinancialResponsibility, CurrentVersion, "en", "Financial responsibility and assignment of benefits",
            "I assign to the hospital and its physicians the insurance benefits payable for my care, and I authorize my " +
            "insurers to pay them directly. I authorize the hospital to share with my insurers the information they need " +
            "to pay the claims. I understand that I am responsible for what my insurance does not pay, including " +
            "deductibles, copays, coinsurance and services my plan does not cover, and that an estimate is not a final bill.",
            "By typing my name and choosing Sign, I sign this agreement electronically and mean it as my handwritten signature."),
        new(FormKind.FinancialResponsibility, CurrentVersion, "es", "Responsabilidad financiera y cesión de beneficios",
            "Cedo al hospital y a sus médicos los beneficios de seguro que correspondan por mi atención y autorizo a mis " +
            "aseguradoras a pagarlos directamente. Autorizo al hospital a compartir con mis aseguradoras la información que " +
            "necesiten para pagar las reclamaciones. Entiendo que soy responsable de lo que mi seguro no pague, incluidos " +
            "deducibles, copagos, coseguro y servicios que mi plan no cubra, y que un estimado no es una factura final.",
            "Al escribir mi nombre y elegir Firmar, firmo este acuerdo electrónicamente y lo hago con el mismo valor que mi firma a mano."),

        new(FormKind.MedicareSecondaryPayer, CurrentVersion, "en", "Medicare Secondary Payer questionnaire",
            "Medicare requires us to ask whether another plan must pay before Medicare. Please answer every question about " +
            "today's situation: work-related illness or injury, an accident, black lung benefits, a government research " +
            "program, the Department of Veterans Affairs, why you have Medicare (age, disability or kidney failure), and " +
            "group health coverage through your own or a family member's current job. Your answers decide which plan we " +
            "bill first.",
            "By typing my name and choosing Sign, I confirm electronically that my answers are true and complete."),
        new(FormKind.MedicareSecondaryPayer, CurrentVersion, "es", "Cuestionario de Medicare como pagador secundario",
            "Medicare nos exige preguntar si otro plan debe pagar antes que Medicare. Responda cada pregunta según su " +
            "situación actual: enfermedad o lesión relacionada con el trabajo, un accidente, beneficios por pulmón negro, " +
            "un programa de investigación del gobierno, el Departamento de Asuntos de Veteranos, por qué tiene Medicare " +
            "(edad, discapacidad o insuficiencia renal) y cobertura de salud de grupo por su empleo actual o el de un " +
            "familiar. Sus respuestas deciden a qué plan facturamos primero.",
            "Al escribir mi nombre y elegir Firmar, confirmo electrónicamente que mis respuestas son verdaderas y completas."),
    ];

    /// <summary>Every template, every version and language.</summary>
    public static IReadOnlyList<FormTemplate> Templates => All;

    /// <summary>The current version of <paramref name="kind"/> in <paramref name="language"/> (en or es; anything else is English).</summary>
    public static FormTemplate Current(FormKind kind, string? language) =>
        Find(kind, CurrentVersion, language == "es" ? "es" : "en")
        ?? throw new InvalidOperationException($"No current template for {kind}.");

    /// <summary>The template of this kind, version and language; null when there is none.</summary>
    public static FormTemplate? Find(FormKind kind, string version, string language) =>
        Array.Find(All, t => t.Kind == kind && t.Version == version && t.Language == language);
}
