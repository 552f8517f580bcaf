using CsCheck;
using PatientAccess.Domain.Estimates;
using PatientAccess.Domain.Notifications;
using PatientAccess.Domain.Questions;
using PatientAccess.Domain.Registrations;

namespace PatientAccess.Domain.Tests;

/// <summary>Patient questions, pure: the thread's open question, the response target in business hours, a reply fitted to one SMS.</summary>
public sealed class QuestionTests
{
    private static readonly TimeZoneInfo Chicago = TimeZoneInfo.FindSystemTimeZoneById("America/Chicago");
    private static readonly RegistrationId Id = RegistrationId.New(Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"));

    private static ResponseTarget FourHours() =>
        new(TimeSpan.FromHours(4), new TimeOnly(8, 0), new TimeOnly(17, 0), BusinessCalendar.UsFederal(2030, 2031), Chicago);

    private static DateTimeOffset Local(int year, int month, int day, int hour, int minute = 0) =>
        PatientTimeZone.ToUtc(new DateOnly(year, month, day), new TimeOnly(hour, minute), Chicago);

    [Theory]
    [InlineData(2030, 1, 15, 10, 0, 2030, 1, 15, 14, 0)] // Tuesday morning: the same afternoon
    [InlineData(2030, 1, 15, 15, 30, 2030, 1, 16, 10, 30)] // 1.5 h left on Tuesday, 2.5 h on Wednesday
    [InlineData(2030, 1, 15, 22, 0, 2030, 1, 16, 12, 0)] // at night: counted from Wednesday's opening
    [InlineData(2030, 1, 18, 16, 0, 2030, 1, 22, 11, 0)] // Friday 16:00: 1 h, then Monday is MLK Day, Tuesday 3 h
    [InlineData(2030, 1, 19, 9, 0, 2030, 1, 22, 12, 0)] // Saturday: Tuesday (after the holiday Monday)
    [InlineData(2030, 1, 15, 6, 0, 2030, 1, 15, 12, 0)] // before opening: from 08:00
    public void DueAt_AskedAt_CountsBusinessHoursInTheClinicZone(int y, int mo, int d, int h, int mi, int dy, int dmo, int dd, int dh, int dmi) =>
        Assert.Equal(Local(dy, dmo, dd, dh, dmi), FourHours().DueAt(Local(y, mo, d, h, mi)));

    [Fact]
    public void DueAt_AcrossSpringForward_CountsWallClockHours() =>
        // Sunday 2030-03-10 the clocks go forward; Monday's 08:00-12:00 is four hours either way.
        Assert.Equal(Local(2030, 3, 11, 12), FourHours().DueAt(Local(2030, 3, 9, 20)));

    /// <summary>For any question, the answer is due after it was asked, on a business day, within opening hours, and exactly the target's business hours later.</summary>
    [Fact]
    public void DueAt_AnyInstant_IsWithinOpeningHoursOnABusinessDayAndTheTargetLater()
    {
        var target = FourHours();
        Gen.Long[Local(2030, 1, 1, 0).ToUnixTimeSeconds(), Local(2030, 12, 20, 0).ToUnixTimeSeconds()].Sample(seconds =>
        {
            var asked = DateTimeOffset.FromUnixTimeSeconds(seconds);
            var due = target.DueAt(asked);
            var local = TimeZoneInfo.ConvertTime(due, Chicago);
            var day = DateOnly.FromDateTime(local.DateTime);
            var time = TimeOnly.FromDateTime(local.DateTime);
            Assert.True(due > asked);
            Assert.True(target.Calendar.IsBusinessDay(day), $"due {local} is not a business day");
            Assert.True(time > target.OpensAt && time <= target.ClosesAt, $"due {local} is outside opening hours");
            Assert.Equal(target.BusinessHours, OpenTimeBetween(target, asked, due));
        });
    }

    /// <summary>Business time between two instants, minute by minute (slow and obviously right, for the property).</summary>
    private static TimeSpan OpenTimeBetween(ResponseTarget target, DateTimeOffset from, DateTimeOffset to)
    {
        var open = TimeSpan.Zero;
        for (var t = from; t < to; t = t.AddMinutes(1))
        {
            var local = TimeZoneInfo.ConvertTime(t, Chicago);
            var time = TimeOnly.FromDateTime(local.DateTime);
            if (target.Calendar.IsBusinessDay(DateOnly.FromDateTime(local.DateTime)) && time >= target.OpensAt && time < target.ClosesAt) open += TimeSpan.FromMinutes(1);
        }
        return open;
    }

    [Fact]
    public void AwaitingSince_QuestionsThenReplyThenQuestion_TracksTheOldestUnanswered()
    {
        var at = Local(2030, 1, 15, 10);
        var thread = QuestionThread.Empty(Id)
            .Add(new QuestionMessage("sms-1", QuestionAuthor.Patient, QuestionChannel.Sms, "first", at))
            .Add(new QuestionMessage("page-2", QuestionAuthor.Patient, QuestionChannel.PatientPage, "second", at.AddMinutes(5)));
        Assert.Equal(at, thread.AwaitingSince);
        Assert.Equal(2, thread.Unanswered);

        thread = thread.Add(new QuestionMessage("reply-3", QuestionAuthor.Specialist, QuestionChannel.Console, "answer", at.AddHours(1), "Pat"));
        Assert.Null(thread.AwaitingSince);
        Assert.Equal(0, thread.Unanswered);

        thread = thread.Add(new QuestionMessage("sms-4", QuestionAuthor.Patient, QuestionChannel.Sms, "third", at.AddHours(2)));
        Assert.Equal(at.AddHours(2), thread.AwaitingSince);
        Assert.Equal(1, thread.Replies);
    }

    [Fact]
    public void Add_SameMessageIdTwice_KeepsOne()
    {
        var message = new QuestionMessage("sms-abc", QuestionAuthor.Patient, QuestionChannel.Sms, "hello", Local(2030, 1, 15, 10));
        var once = QuestionThread.Empty(Id).Add(message);
        Assert.Same(once, once.Add(message with { Text = "changed on redelivery" }));
        Assert.Equal("hello", Assert.Single(once.Messages).Text);
    }

    [Fact]
    public void Add_FullThread_RefusedNamingTheText()
    {
        var at = Local(2030, 1, 15, 10);
        var thread = new QuestionThread(Id, Enumerable.Range(0, QuestionThread.MaxMessages).Select(i => new QuestionMessage($"sms-{i}", QuestionAuthor.Patient, QuestionChannel.Sms, "x", at.AddSeconds(i))));
        var refused = Assert.Throws<Common.ValidationException>(() => thread.Add(new QuestionMessage("sms-new", QuestionAuthor.Patient, QuestionChannel.Sms, "y", at.AddHours(1))));
        Assert.Equal("text", Assert.Single(refused.Errors).Field);
    }

    [Theory]
    [InlineData("Yes, one adult may come with you.", MessageLanguage.English)]
    [InlineData("Sí, puede venir un acompañante.", MessageLanguage.Spanish)]
    public void TryRenderReplyText_ShortPlainReply_WordsInOneSegmentWithFacilityAndFooter(string reply, MessageLanguage language)
    {
        var rendered = NotificationTemplates.TryRenderReplyText(reply, language, new TemplateValues("Springfield Clinic"), null);

        Assert.NotNull(rendered);
        Assert.StartsWith("Springfield Clinic: ", rendered.Body, StringComparison.Ordinal);
        Assert.EndsWith(language == MessageLanguage.Spanish ? NotificationTemplates.OptOutFooterSpanish : NotificationTemplates.OptOutFooterEnglish, rendered.Body, StringComparison.Ordinal);
        Assert.Equal(1, SmsEncoding.Analyze(rendered.Body).Segments);
        Assert.Equal(MessagePurpose.QuestionReply, rendered.Purpose);
    }

    [Theory]
    [InlineData("Your MRI is covered.")] // a service
    [InlineData("Your copay will be $40.")] // money
    [InlineData("Bring your card for member ID 884422117.")] // an identifier
    [InlineData("See you on March 3 at 9.")] // a date
    [InlineData("Hi Quintessa, yes you can.")] // a name from the context
    public void TryRenderReplyText_ReplyWithPhi_Null(string reply) =>
        Assert.Null(NotificationTemplates.TryRenderReplyText(reply, MessageLanguage.English, new TemplateValues("Springfield Clinic"),
            new PhiContext(["Quintessa", "Zebrowski"], ["884422117"])));

    [Fact]
    public void TryRenderReplyText_TooLongForOneSegment_Null() =>
        Assert.Null(NotificationTemplates.TryRenderReplyText(string.Join(' ', Enumerable.Repeat("please arrive early", 10)), MessageLanguage.English,
            new TemplateValues("Springfield Clinic"), null));

    [Fact]
    public void TryRenderReplyText_LineBreaksAndRuns_FoldedToSingleSpaces()
    {
        var rendered = NotificationTemplates.TryRenderReplyText("Yes.\r\n\r\n  Park   in lot B.", MessageLanguage.English, new TemplateValues("Springfield Clinic"), null);
        Assert.StartsWith("Springfield Clinic: Yes. Park in lot B. Free msg.", rendered!.Body, StringComparison.Ordinal);
    }
}
