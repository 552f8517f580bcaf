using System.Globalization;
using System.Text.RegularExpressions;
using PatientAccess.Domain.Common;

namespace PatientAccess.Domain.Notifications;

/// <summary>
/// What a template may be filled with. Values are not PHI by design: the facility (the provider the patient
/// chose), a portal link with an opaque token, for email a plain-words reason without values, and the
/// facility's help phone for the HELP reply.
/// <para>SMS budget: every SMS template leaves at least 72 characters for {Facility} and {Link} together, so a
/// facility name of up to 32 characters and a link of up to 40 (host plus a short opaque token) always fit one
/// segment; a longer pair may still fit, and rendering rejects what does not.</para>
/// <para>{VisitDate} is the visit's calendar date, rendered without the year in a fixed short form ("Sep 30" /
/// "30 sep"): the patient's own appointment, the one date a message may carry. The PHI check masks exactly that
/// rendering and still refuses any other date.</para>
/// </summary>
public sealed record TemplateValues(string Facility, Uri? Link = null, string? Reason = null, string? HelpPhone = null, DateOnly? VisitDate = null)
{
    public const int MaxFacilityLength = 32;
    public const int MaxReasonLength = 200;
}

/// <summary>A template as written: placeholders in braces ({Facility}, {Link}, {Reason}, {HelpPhone}, {VisitDate}).</summary>
public sealed record MessageTemplate(string? Subject, string Body);

/// <summary>A message ready to store in the outbox. SMS bodies are folded to GSM-7 and fit one segment.</summary>
public sealed record RenderedMessage(MessagePurpose Purpose, NotificationChannel Channel, MessageLanguage Language, string? Subject, string Body);

/// <summary>
/// The patient message templates, per purpose, channel and language, and the checks every rendered message
/// passes. SMS: names the provider, says it is free, carries a call to action, a link and "Reply STOP to opt
/// out" (Spanish: "Responda STOP para cancelar"), one GSM-7 segment of at most 160 characters, and nothing
/// that <see cref="PhiGuard"/> flags. Email: a subject and a plain-text body that points to the portal link
/// for every detail; {Reason} is allowed only in email and is checked like the rest.
/// </summary>
public static partial class NotificationTemplates
{
    public const string OptOutFooterEnglish = "Reply STOP to opt out";
    public const string OptOutFooterSpanish = "Responda STOP para cancelar";

    private const string SmsEn = " Free msg. " + OptOutFooterEnglish;
    private const string SmsEs = " Msj gratis. " + OptOutFooterSpanish;

    private const string EmailFooterEn =
        "\n\nThis message is free and comes from {Facility} about your upcoming visit. Details are only in the secure portal. " +
        "To stop these emails, change your contact preferences in the portal or call {Facility}.";

    private const string EmailFooterEs =
        "\n\nEste mensaje es gratuito y lo envía {Facility} sobre su próxima cita. Los detalles están solo en el portal seguro. " +
        "Para no recibir más correos, cambie sus preferencias en el portal o llame a {Facility}.";

    private static readonly Dictionary<(MessagePurpose, NotificationChannel, MessageLanguage), MessageTemplate> Templates = new()
    {
        [(MessagePurpose.CardNeeded, NotificationChannel.Sms, MessageLanguage.English)] =
            new(null, "{Facility}: please send a photo of your insurance card: {Link}" + SmsEn),
        [(MessagePurpose.CardUnreadable, NotificationChannel.Sms, MessageLanguage.English)] =
            new(null, "{Facility}: we could not read your card photo. Send another: {Link}" + SmsEn),
        [(MessagePurpose.ActionNeeded, NotificationChannel.Sms, MessageLanguage.English)] =
            new(null, "{Facility}: we need one more thing before your visit: {Link}" + SmsEn),
        [(MessagePurpose.ConsentNeeded, NotificationChannel.Sms, MessageLanguage.English)] =
            new(null, "{Facility}: please read and sign your forms before your visit: {Link}" + SmsEn),
        [(MessagePurpose.ClearedWithEstimate, NotificationChannel.Sms, MessageLanguage.English)] =
            new(null, "{Facility}: you are all set. Your cost estimate: {Link}" + SmsEn),
        [(MessagePurpose.EstimateReady, NotificationChannel.Sms, MessageLanguage.English)] =
            new(null, "{Facility}: your cost estimate for your visit on {VisitDate} is ready: {Link}" + SmsEn),
        [(MessagePurpose.VisitCancelled, NotificationChannel.Sms, MessageLanguage.English)] =
            new(null, "{Facility}: your visit on {VisitDate} is cancelled. Details: {Link}" + SmsEn),
        [(MessagePurpose.AppointmentReminder, NotificationChannel.Sms, MessageLanguage.English)] =
            new(null, "{Facility}: your visit is soon and a step is still open: {Link}" + SmsEn),
        [(MessagePurpose.AuthorizationUpdate, NotificationChannel.Sms, MessageLanguage.English)] =
            new(null, "{Facility}: an update about your visit on {VisitDate}: please call us. {Link}" + SmsEn),
        [(MessagePurpose.VisitReady, NotificationChannel.Sms, MessageLanguage.English)] =
            new(null, "{Facility}: your visit on {VisitDate} is ready. Details: {Link}" + SmsEn),

        [(MessagePurpose.QuestionReply, NotificationChannel.Sms, MessageLanguage.English)] =
            new(null, "{Facility}: we answered your question. Read it here: {Link}" + SmsEn),

        [(MessagePurpose.CardNeeded, NotificationChannel.Sms, MessageLanguage.Spanish)] =
            new(null, "{Facility}: envíe una foto de su tarjeta de seguro: {Link}" + SmsEs),
        [(MessagePurpose.CardUnreadable, NotificationChannel.Sms, MessageLanguage.Spanish)] =
            new(null, "{Facility}: no pudimos leer su tarjeta. Envíe otra foto: {Link}" + SmsEs),
        [(MessagePurpose.ActionNeeded, NotificationChannel.Sms, MessageLanguage.Spanish)] =
            new(null, "{Facility}: falta un dato antes de su cita: {Link}" + SmsEs),
        [(MessagePurpose.ConsentNeeded, NotificationChannel.Sms, MessageLanguage.Spanish)] =
            new(null, "{Facility}: lea y firme sus formularios antes de su cita: {Link}" + SmsEs),
        [(MessagePurpose.ClearedWithEstimate, NotificationChannel.Sms, MessageLanguage.Spanish)] =
            new(null, "{Facility}: todo listo. Su costo estimado: {Link}" + SmsEs),
        [(MessagePurpose.EstimateReady, NotificationChannel.Sms, MessageLanguage.Spanish)] =
            new(null, "{Facility}: su costo estimado para su cita del {VisitDate}: {Link}" + SmsEs),
        [(MessagePurpose.VisitCancelled, NotificationChannel.Sms, MessageLanguage.Spanish)] =
            new(null, "{Facility}: su cita del {VisitDate} fue cancelada. Detalles: {Link}" + SmsEs),
        [(MessagePurpose.AppointmentReminder, NotificationChannel.Sms, MessageLanguage.Spanish)] =
            new(null, "{Facility}: su cita se acerca y falta un paso: {Link}" + SmsEs),
        [(MessagePurpose.AuthorizationUpdate, NotificationChannel.Sms, MessageLanguage.Spanish)] =
            new(null, "{Facility}: novedades de su cita del {VisitDate}: llámenos. {Link}" + SmsEs),
        [(MessagePurpose.VisitReady, NotificationChannel.Sms, MessageLanguage.Spanish)] =
            new(null, "{Facility}: su cita del {VisitDate} está lista. Detalles: {Link}" + SmsEs),

        [(MessagePurpose.QuestionReply, NotificationChannel.Sms, MessageLanguage.Spanish)] =
            new(null, "{Facility}: respondimos su pregunta. Léala aquí: {Link}" + SmsEs),

        [(MessagePurpose.CardNeeded, NotificationChannel.Email, MessageLanguage.English)] = new(
            "Please add your insurance card - {Facility}",
            "Hello,\n\n{Facility} needs a photo of the front and back of your insurance card before your visit. " +
            "It takes a minute on your phone:\n{Link}" + EmailFooterEn),
        [(MessagePurpose.CardUnreadable, NotificationChannel.Email, MessageLanguage.English)] = new(
            "Please send a new photo of your insurance card - {Facility}",
            "Hello,\n\nWe could not read the photo of your insurance card: {Reason}. " +
            "Please take a new photo in good light, with the whole card in view:\n{Link}" + EmailFooterEn),
        [(MessagePurpose.ActionNeeded, NotificationChannel.Email, MessageLanguage.English)] = new(
            "One more step before your visit - {Facility}",
            "Hello,\n\nWe need one more thing from you before your visit: {Reason}. Please open the portal to finish:\n{Link}" + EmailFooterEn),
        [(MessagePurpose.ConsentNeeded, NotificationChannel.Email, MessageLanguage.English)] = new(
            "Please sign your forms before your visit - {Facility}",
            "Hello,\n\n{Facility} needs you to read and sign a few forms before your visit (consent, privacy notice, billing). " +
            "It takes a few minutes on your phone:\n{Link}" + EmailFooterEn),
        [(MessagePurpose.ClearedWithEstimate, NotificationChannel.Email, MessageLanguage.English)] = new(
            "You are all set for your visit - {Facility}",
            "Hello,\n\nYou are all set for your visit. Your cost estimate is ready in the portal:\n{Link}" + EmailFooterEn),
        [(MessagePurpose.EstimateReady, NotificationChannel.Email, MessageLanguage.English)] = new(
            "Your cost estimate is ready - {Facility}",
            "Hello,\n\nYour cost estimate for your visit on {VisitDate} is ready in the portal, with how it was worked out:\n{Link}" + EmailFooterEn),
        [(MessagePurpose.VisitCancelled, NotificationChannel.Email, MessageLanguage.English)] = new(
            "Your visit on {VisitDate} is cancelled - {Facility}",
            "Hello,\n\nYour visit on {VisitDate} is cancelled, as asked. We will not send you anything more about it. To book again, please call us. Details:\n{Link}" + EmailFooterEn),
        [(MessagePurpose.AppointmentReminder, NotificationChannel.Email, MessageLanguage.English)] = new(
            "Your visit is coming up - {Facility}",
            "Hello,\n\nYour visit is coming up and a step is still open. Please finish it in the portal:\n{Link}" + EmailFooterEn),
        [(MessagePurpose.AuthorizationUpdate, NotificationChannel.Email, MessageLanguage.English)] = new(
            "An update about your visit on {VisitDate} - {Facility}",
            "Hello,\n\nThere is an update about your visit on {VisitDate}. Please call us; you can also read more in the portal:\n{Link}" + EmailFooterEn),
        [(MessagePurpose.VisitReady, NotificationChannel.Email, MessageLanguage.English)] = new(
            "Your visit on {VisitDate} is ready - {Facility}",
            "Hello,\n\nYour visit on {VisitDate} is ready: nothing more is needed from you for now. Details are in the portal:\n{Link}" + EmailFooterEn),

        [(MessagePurpose.QuestionReply, NotificationChannel.Email, MessageLanguage.English)] = new(
            "We answered your question - {Facility}",
            "Hello,\n\nWe answered the question you sent us. You can read the answer in the portal:\n{Link}" + EmailFooterEn),

        [(MessagePurpose.CardNeeded, NotificationChannel.Email, MessageLanguage.Spanish)] = new(
            "Agregue su tarjeta de seguro - {Facility}",
            "Hola:\n\n{Facility} necesita una foto del frente y del reverso de su tarjeta de seguro antes de su cita. " +
            "Solo toma un minuto desde su teléfono:\n{Link}" + EmailFooterEs),
        [(MessagePurpose.CardUnreadable, NotificationChannel.Email, MessageLanguage.Spanish)] = new(
            "Envíe una nueva foto de su tarjeta de seguro - {Facility}",
            "Hola:\n\nNo pudimos leer la foto de su tarjeta de seguro: {Reason}. " +
            "Tome una nueva foto con buena luz y con toda la tarjeta a la vista:\n{Link}" + EmailFooterEs),
        [(MessagePurpose.ActionNeeded, NotificationChannel.Email, MessageLanguage.Spanish)] = new(
            "Un paso más antes de su cita - {Facility}",
            "Hola:\n\nNecesitamos algo más de usted antes de su cita: {Reason}. Abra el portal para terminar:\n{Link}" + EmailFooterEs),
        [(MessagePurpose.ConsentNeeded, NotificationChannel.Email, MessageLanguage.Spanish)] = new(
            "Firme sus formularios antes de su cita - {Facility}",
            "Hola:\n\n{Facility} necesita que lea y firme algunos formularios antes de su cita (consentimiento, aviso de privacidad, facturación). " +
            "Solo toma unos minutos desde su teléfono:\n{Link}" + EmailFooterEs),
        [(MessagePurpose.ClearedWithEstimate, NotificationChannel.Email, MessageLanguage.Spanish)] = new(
            "Todo listo para su cita - {Facility}",
            "Hola:\n\nTodo está listo para su cita. Su costo estimado está en el portal:\n{Link}" + EmailFooterEs),
        [(MessagePurpose.EstimateReady, NotificationChannel.Email, MessageLanguage.Spanish)] = new(
            "Su costo estimado está listo - {Facility}",
            "Hola:\n\nSu costo estimado para su cita del {VisitDate} está en el portal, con el detalle del cálculo:\n{Link}" + EmailFooterEs),
        [(MessagePurpose.VisitCancelled, NotificationChannel.Email, MessageLanguage.Spanish)] = new(
            "Su cita del {VisitDate} fue cancelada - {Facility}",
            "Hola:\n\nSu cita del {VisitDate} fue cancelada, como lo pidió. No le enviaremos nada más sobre ella. Para una nueva cita, llámenos. Detalles:\n{Link}" + EmailFooterEs),
        [(MessagePurpose.AppointmentReminder, NotificationChannel.Email, MessageLanguage.Spanish)] = new(
            "Su cita se acerca - {Facility}",
            "Hola:\n\nSu cita se acerca y falta un paso. Termínelo en el portal:\n{Link}" + EmailFooterEs),
        [(MessagePurpose.AuthorizationUpdate, NotificationChannel.Email, MessageLanguage.Spanish)] = new(
            "Novedades sobre su cita del {VisitDate} - {Facility}",
            "Hola:\n\nHay novedades sobre su cita del {VisitDate}. Por favor llámenos; también puede leer más en el portal:\n{Link}" + EmailFooterEs),
        [(MessagePurpose.VisitReady, NotificationChannel.Email, MessageLanguage.Spanish)] = new(
            "Su cita del {VisitDate} está lista - {Facility}",
            "Hola:\n\nSu cita del {VisitDate} está lista: por ahora no necesitamos nada más de usted. Los detalles están en el portal:\n{Link}" + EmailFooterEs),
        [(MessagePurpose.QuestionReply, NotificationChannel.Email, MessageLanguage.Spanish)] = new(
            "Respondimos su pregunta - {Facility}",
            "Hola:\n\nRespondimos la pregunta que nos envió. Puede leer la respuesta en el portal:\n{Link}" + EmailFooterEs),
    };

    private static readonly Dictionary<(InboundKeyword, MessageLanguage), string> KeywordReplies = new()
    {
        [(InboundKeyword.OptOut, MessageLanguage.English)] = "{Facility}: you will get no more texts from us. Reply START to get them again. Free msg.",
        [(InboundKeyword.Help, MessageLanguage.English)] = "{Facility} visit messages. Help: call {HelpPhone}." + SmsEn,
        [(InboundKeyword.OptIn, MessageLanguage.English)] = "{Facility}: you will get visit texts again." + SmsEn,
        [(InboundKeyword.OptOut, MessageLanguage.Spanish)] = "{Facility}: no recibirá más mensajes. Responda START para volver a recibirlos. Msj gratis.",
        [(InboundKeyword.Help, MessageLanguage.Spanish)] = "{Facility}: mensajes sobre su cita. Ayuda: llame al {HelpPhone}." + SmsEs,
        [(InboundKeyword.OptIn, MessageLanguage.Spanish)] = "{Facility}: volverá a recibir mensajes sobre su cita." + SmsEs,
    };

    public static IEnumerable<(MessagePurpose Purpose, NotificationChannel Channel, MessageLanguage Language)> All => Templates.Keys;

    public static MessageTemplate Get(MessagePurpose purpose, NotificationChannel channel, MessageLanguage language) =>
        Templates.TryGetValue((purpose, channel, language), out var template)
            ? template
            : throw new ArgumentException($"No template for {purpose} over {channel}; keyword replies use RenderKeywordReply.", nameof(purpose));

    /// <summary>Renders and checks a message. Throws <see cref="ValidationException"/> naming what is wrong, never the value.</summary>
    public static RenderedMessage Render(
        MessagePurpose purpose, NotificationChannel channel, MessageLanguage language, TemplateValues values, PhiContext? context = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        var template = Get(purpose, channel, language);
        var errors = CheckValues(values, channel);
        ThrowIfAny(errors);
        var subject = template.Subject is null ? null : Fill(template.Subject, values, language, errors, "subject");
        var body = Fill(template.Body, values, language, errors, "body");
        ThrowIfAny(errors);
        var visitDate = values.VisitDate is { } date ? VisitDateText(date, language) : null;

        if (channel == NotificationChannel.Sms)
        {
            body = SmsEncoding.FoldToGsm7(body);
            errors.AddRange(CheckSms(body, language, requireLinkAndFooter: true, values.Link, context, visitDate));
        }
        else
        {
            errors.AddRange(Findings("email.subject", MaskVisitDate(subject!, visitDate), context));
            errors.AddRange(Findings("email.body", MaskVisitDate(body, visitDate), context));
        }
        ThrowIfAny(errors);
        return new RenderedMessage(purpose, channel, language, subject, body);
    }

    /// <summary>The SMS answer to STOP, HELP or START. {HelpPhone} is required for HELP.</summary>
    public static RenderedMessage RenderKeywordReply(InboundKeyword keyword, MessageLanguage language, TemplateValues values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (!KeywordReplies.TryGetValue((keyword, language), out var template))
            throw new ArgumentException("Only OptOut, Help and OptIn have replies.", nameof(keyword));
        var errors = CheckValues(values, NotificationChannel.Sms);
        var body = Fill(template, values, language, errors, "body");
        ThrowIfAny(errors);
        body = SmsEncoding.FoldToGsm7(body);
        errors.AddRange(CheckSms(body, language, requireLinkAndFooter: false, link: null, context: null));
        ThrowIfAny(errors);
        return new RenderedMessage(MessagePurpose.KeywordReply, NotificationChannel.Sms, language, null, body);
    }

    /// <summary>
    /// A specialist's reply as a text a phone shows whole: "{Facility}: {reply}" and the free-message and opt-out footer, the
    /// reply's line breaks and runs of spaces folded to one space, folded to GSM-7. Null when that does not fit one segment
    /// or the PHI check finds anything in it (the caller then sends the <see cref="MessagePurpose.QuestionReply"/>
    /// template, which carries only the patient page's link, and the words stay on the page).
    /// </summary>
    /// <exception cref="ValidationException">The facility is not a valid value.</exception>
    public static RenderedMessage? TryRenderReplyText(string reply, MessageLanguage language, TemplateValues values, PhiContext? context)
    {
        ArgumentNullException.ThrowIfNull(reply);
        ArgumentNullException.ThrowIfNull(values);
        var errors = CheckValues(values, NotificationChannel.Sms);
        ThrowIfAny(errors);
        var words = string.Join(' ', reply.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (words.Length == 0) return null;
        var body = SmsEncoding.FoldToGsm7($"{values.Facility}: {words}{(language == MessageLanguage.Spanish ? SmsEs : SmsEn)}");
        return CheckSms(body, language, requireLinkAndFooter: false, link: null, context).Count == 0
            ? new RenderedMessage(MessagePurpose.QuestionReply, NotificationChannel.Sms, language, null, body)
            : null;
    }

    /// <summary>
    /// The SMS check on a finished body: one segment (160 GSM-7 septets or 70 UCS-2 characters), no PHI,
    /// and for outreach messages the link and the opt-out footer of the language. <paramref name="visitDate"/> is the
    /// rendered {VisitDate}: only that exact text is allowed as a date.
    /// </summary>
    public static List<ValidationError> CheckSms(string body, MessageLanguage language, bool requireLinkAndFooter, Uri? link, PhiContext? context, string? visitDate = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        var errors = new List<ValidationError>();
        var encoding = SmsEncoding.Analyze(body);
        if (encoding.Segments > 1)
        {
            errors.Add(new("sms.body", string.Create(CultureInfo.InvariantCulture,
                $"renders to {encoding.Units} {encoding.Alphabet} units; one segment allows {encoding.SingleSegmentLimit}")));
        }
        if (requireLinkAndFooter)
        {
            var footer = language == MessageLanguage.Spanish ? OptOutFooterSpanish : OptOutFooterEnglish;
            if (!body.Contains(footer, StringComparison.Ordinal)) errors.Add(new("sms.body", "lacks the opt-out footer"));
            if (link is null || !body.Contains(link.AbsoluteUri, StringComparison.Ordinal)) errors.Add(new("sms.body", "lacks the portal link"));
        }
        errors.AddRange(Findings("sms.body", MaskVisitDate(body, visitDate), context));
        return errors;
    }

    /// <summary>The visit date as templates render it: "Sep 30" (English), "30 sep" (Spanish); no year, no weekday.</summary>
    public static string VisitDateText(DateOnly date, MessageLanguage language)
    {
        string[] english = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
        string[] spanish = ["ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic"];
        var day = date.Day.ToString(CultureInfo.InvariantCulture);
        return language == MessageLanguage.Spanish ? $"{day} {spanish[date.Month - 1]}" : $"{english[date.Month - 1]} {day}";
    }

    private static string MaskVisitDate(string text, string? visitDate) =>
        string.IsNullOrEmpty(visitDate) ? text : text.Replace(visitDate, new string(' ', visitDate.Length), StringComparison.Ordinal);

    private static IEnumerable<ValidationError> Findings(string field, string text, PhiContext? context) =>
        PhiGuard.Inspect(text, context)
            .Select(f => f.Kind)
            .Distinct()
            .Select(kind => new ValidationError(field, $"would carry {kind}; patient messages carry a call to action and a link only"));

    private static List<ValidationError> CheckValues(TemplateValues values, NotificationChannel channel)
    {
        var errors = new List<ValidationError>();
        if (string.IsNullOrWhiteSpace(values.Facility) || values.Facility.Length > TemplateValues.MaxFacilityLength || values.Facility.Any(char.IsControl))
            errors.Add(new("values.facility", $"must be 1 to {TemplateValues.MaxFacilityLength} characters on one line"));
        if (values.Link is { } link && !IsAllowedLink(link))
            errors.Add(new("values.link", "must be an absolute https link without user info, query or fragment (http only for loopback)"));
        if (values.Reason is { } reason)
        {
            if (channel == NotificationChannel.Sms) errors.Add(new("values.reason", "is for email only"));
            else if (string.IsNullOrWhiteSpace(reason) || reason.Length > TemplateValues.MaxReasonLength || reason.Any(char.IsControl))
                errors.Add(new("values.reason", $"must be 1 to {TemplateValues.MaxReasonLength} characters on one line"));
        }
        if (values.HelpPhone is { } phone && (phone.Length > 20 || phone.Any(c => !char.IsAsciiDigit(c) && "+-() .".IndexOf(c, StringComparison.Ordinal) < 0)))
            errors.Add(new("values.helpPhone", "must be a phone number of digits, spaces and +-()."));
        return errors;
    }

    /// <summary>Portal links are opaque: https, no user info, no query string, no fragment. Plain http is for loopback demos.</summary>
    public static bool IsAllowedLink(Uri link)
    {
        ArgumentNullException.ThrowIfNull(link);
        if (!link.IsAbsoluteUri) return false;
        var schemeOk = link.Scheme == Uri.UriSchemeHttps || (link.Scheme == Uri.UriSchemeHttp && link.IsLoopback);
        return schemeOk && string.IsNullOrEmpty(link.UserInfo) && string.IsNullOrEmpty(link.Query) && string.IsNullOrEmpty(link.Fragment);
    }

    private static string Fill(string template, TemplateValues values, MessageLanguage language, List<ValidationError> errors, string part) =>
        Placeholder().Replace(template, m =>
        {
            string? value = m.Groups[1].Value switch
            {
                "Facility" => values.Facility,
                "Link" => values.Link?.AbsoluteUri,
                "Reason" => values.Reason,
                "HelpPhone" => values.HelpPhone,
                "VisitDate" => values.VisitDate is { } date ? VisitDateText(date, language) : null,
                _ => throw new InvalidOperationException($"Template {part} has an unknown placeholder."),
            };
            if (value is null)
            {
                errors.Add(new($"values.{char.ToLowerInvariant(m.Groups[1].Value[0])}{m.Groups[1].Value[1..]}", $"is required by this template's {part}"));
                return m.Value;
            }
            return value;
        });

    private static void ThrowIfAny(List<ValidationError> errors)
    {
        if (errors.Count > 0) throw new ValidationException(errors.DistinctBy(e => (e.Field, e.Message)).ToList());
    }

    [GeneratedRegex(@"\{(\w+)\}", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex Placeholder();
}
