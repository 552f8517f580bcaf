namespace PatientAccess.Domain.Notifications;

/// <summary>Why we contact the patient. Each purpose has one SMS and one email template per language.</summary>
public enum MessagePurpose
{
    /// <summary>No insurance card photo yet: please upload one.</summary>
    CardNeeded,
    /// <summary>The card photo could not be read: please upload a clearer one.</summary>
    CardUnreadable,
    /// <summary>Something else needs the patient (confirm details, sign a form).</summary>
    ActionNeeded,
    /// <summary>Forms the visit needs are not signed yet: please read and sign them on the patient page.</summary>
    ConsentNeeded,
    /// <summary>Cleared; the cost estimate is behind the portal link.</summary>
    ClearedWithEstimate,
    /// <summary>
    /// The cost estimate (or the Good Faith Estimate) is on the patient page: sent as soon as it is computed, so a Good
    /// Faith Estimate reaches the patient within its deadline. The amount is only on the page, never in the text.
    /// </summary>
    EstimateReady,
    /// <summary>The visit was cancelled and the patient asked to be told: "your visit on {VisitDate} is cancelled". Nothing else follows.</summary>
    VisitCancelled,
    /// <summary>The visit is near and something is still open.</summary>
    AppointmentReminder,
    /// <summary>
    /// Something about the visit's authorizations needs the patient to call (denied, modified, overdue): "an update about
    /// your visit on {VisitDate}: please call us". No service, payer or decision in the text.
    /// </summary>
    AuthorizationUpdate,
    /// <summary>Every authorization of the visit is settled and nothing stands in the way: "your visit on {VisitDate} is ready".</summary>
    VisitReady,
    /// <summary>
    /// A specialist's reply to the patient's question (docs/decisions/0019): the reply's own words when they fit one SMS
    /// and carry nothing the PHI check flags (<see cref="NotificationTemplates.TryRenderReplyText"/>), else "we answered
    /// your question" with the patient page's link. Consent, quiet hours and caps apply as to any other message.
    /// </summary>
    QuestionReply,
    /// <summary>
    /// The answer to a patient's own STOP, HELP or START text. Sent at once: it is a reply the patient asked
    /// for, so consent, caps and quiet hours do not hold it (a single opt-out confirmation is allowed).
    /// </summary>
    KeywordReply,
}

/// <summary>Groups of purposes.</summary>
public static class MessagePurposes
{
    /// <summary>Reminders ask the patient to do something; one that is no longer needed at send time is not sent.</summary>
    public static bool IsReminder(this MessagePurpose purpose) => purpose is
        MessagePurpose.CardNeeded or MessagePurpose.CardUnreadable or MessagePurpose.ActionNeeded or MessagePurpose.ConsentNeeded or
        MessagePurpose.AppointmentReminder;
}

/// <summary>How a message reaches the patient.</summary>
public enum NotificationChannel
{
    Sms,
    Email,
}

/// <summary>The languages we have templates for. Anything else falls back to English.</summary>
public enum MessageLanguage
{
    English,
    Spanish,
}

public static class MessageLanguages
{
    /// <summary>
    /// Picks the template language from a BCP 47 tag as the registration stores it ("en", "es", "es-MX").
    /// Unknown, empty or missing tags fall back to English.
    /// </summary>
    public static MessageLanguage FromTag(string? tag)
    {
        if (string.IsNullOrWhiteSpace(tag)) return MessageLanguage.English;
        var primary = tag.Trim().Split('-', '_')[0];
        return string.Equals(primary, "es", StringComparison.OrdinalIgnoreCase) ? MessageLanguage.Spanish : MessageLanguage.English;
    }

    public static string ToTag(this MessageLanguage language) => language == MessageLanguage.Spanish ? "es" : "en";
}
