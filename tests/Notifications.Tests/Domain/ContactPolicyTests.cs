using CsCheck;
using Microsoft.Extensions.Time.Testing;
using PatientAccess.Domain.Notifications;

namespace PatientAccess.Notifications.Tests.Domain;

public class ContactPolicyTests
{
    private const string NewYork = "America/New_York";
    private const string Honolulu = "Pacific/Honolulu";
    private const string Madrid = "Europe/Madrid";

    private static readonly ContactPolicy Policy = new();
    private static readonly ConsentLedger SmsConsent =
        ConsentLedger.FromPreRegistration(sms: true, email: true, new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    private static DateTimeOffset Utc(int y, int mo, int d, int h, int mi = 0) => new(y, mo, d, h, mi, 0, TimeSpan.Zero);

    private static ContactDecision Decide(
        DateTimeOffset now, string zone = NewYork, IReadOnlyCollection<SentMessage>? history = null,
        DateTimeOffset? appointment = null, ConsentLedger? consents = null,
        NotificationChannel channel = NotificationChannel.Sms, MessagePurpose purpose = MessagePurpose.CardNeeded) =>
        Policy.Decide(channel, purpose, consents ?? SmsConsent, history ?? [], zone, appointment ?? now.AddDays(30), now);

    private static SentMessage Sms(DateTimeOffset at) => new(NotificationChannel.Sms, MessagePurpose.CardNeeded, at);

    [Fact]
    public void Decide_DaytimeWithConsentAndNoHistory_SendsNow()
    {
        var decision = Decide(Utc(2026, 6, 10, 15)); // 11:00 EDT
        Assert.Equal(ContactDecisionKind.SendNow, decision.Kind);
        Assert.Null(decision.SendAtUtc);
    }

    [Fact]
    public void Decide_NoConsentRecorded_Suppresses()
    {
        var decision = Decide(Utc(2026, 6, 10, 15), consents: ConsentLedger.Empty);
        Assert.Equal(ContactDecisionKind.Suppress, decision.Kind);
        Assert.Equal(ContactReason.ConsentNotGiven, decision.Reason);
    }

    [Fact]
    public void Decide_SmsWithdrawnByStop_SuppressesSmsButNotEmail()
    {
        var now = Utc(2026, 6, 10, 15);
        var afterStop = InboundSmsHandler.Handle(SmsConsent, " Stop! ", now.AddMinutes(-1)).Consents;

        var sms = Decide(now, consents: afterStop);
        var email = Decide(now, consents: afterStop, channel: NotificationChannel.Email);

        Assert.Equal((ContactDecisionKind.Suppress, ContactReason.ConsentWithdrawn), (sms.Kind, sms.Reason));
        Assert.Equal(ContactDecisionKind.SendNow, email.Kind);
    }

    [Fact]
    public void Decide_UnknownTimeZone_Suppresses()
    {
        var decision = Decide(Utc(2026, 6, 10, 15), zone: "Mars/Olympus_Mons");
        Assert.Equal((ContactDecisionKind.Suppress, ContactReason.UnknownTimeZone), (decision.Kind, decision.Reason));
    }

    [Theory]
    [InlineData(2026, 6, 11, 1, 0, 2026, 6, 11, 12)]   // 21:00 EDT exactly: quiet -> 08:00 EDT next day
    [InlineData(2026, 6, 11, 2, 30, 2026, 6, 11, 12)]  // 22:30 EDT -> 08:00 EDT next day
    [InlineData(2026, 6, 11, 9, 0, 2026, 6, 11, 12)]   // 05:00 EDT -> 08:00 EDT same day
    [InlineData(2026, 1, 15, 11, 59, 2026, 1, 15, 13)] // 06:59 EST -> 08:00 EST
    public void Decide_InQuietHours_WaitsForEightAmLocal(int y, int mo, int d, int h, int mi, int ey, int emo, int ed, int eh)
    {
        var decision = Decide(Utc(y, mo, d, h, mi));
        Assert.Equal(ContactDecisionKind.SendAt, decision.Kind);
        Assert.Equal(ContactReason.QuietHours, decision.Reason);
        Assert.Equal(Utc(ey, emo, ed, eh), decision.SendAtUtc);
    }

    [Theory]
    [InlineData(2026, 6, 10, 12, 0)]  // 08:00 EDT exactly
    [InlineData(2026, 6, 11, 0, 59)]  // 20:59 EDT
    public void Decide_AtEdgesOfQuietHours_SendsNow(int y, int mo, int d, int h, int mi) =>
        Assert.Equal(ContactDecisionKind.SendNow, Decide(Utc(y, mo, d, h, mi)).Kind);

    [Fact]
    public void Decide_NewYorkSpringForwardNight_WaitsUntilEightEdtWhichIsTwelveUtc()
    {
        // 2026-03-07 22:00 EST = 03-08 03:00Z; clocks jump 02:00 -> 03:00 on 03-08; 08:00 EDT = 12:00Z.
        var decision = Decide(Utc(2026, 3, 8, 3));
        Assert.Equal(Utc(2026, 3, 8, 12), decision.SendAtUtc);
        // The day before, 08:00 EST is 13:00Z.
        Assert.Equal(Utc(2026, 3, 7, 13), Decide(Utc(2026, 3, 7, 6)).SendAtUtc);
    }

    [Fact]
    public void Decide_NewYorkSpringForwardInsideTheSkippedHour_WaitsUntilEightEdt()
    {
        // 06:59Z is 01:59 EST, 07:00Z is 03:00 EDT: both quiet, both wait for 12:00Z.
        Assert.Equal(Utc(2026, 3, 8, 12), Decide(Utc(2026, 3, 8, 6, 59)).SendAtUtc);
        Assert.Equal(Utc(2026, 3, 8, 12), Decide(Utc(2026, 3, 8, 7, 0)).SendAtUtc);
    }

    [Theory]
    [InlineData(5, 30)] // 01:30 EDT, first pass through the repeated hour
    [InlineData(6, 30)] // 01:30 EST, second pass
    [InlineData(2, 0)]  // 22:00 EDT the evening before
    public void Decide_NewYorkFallBackNight_WaitsUntilEightEstWhichIsThirteenUtc(int h, int mi) =>
        Assert.Equal(Utc(2026, 11, 1, 13), Decide(Utc(2026, 11, 1, h, mi)).SendAtUtc);

    [Fact]
    public void Decide_MadridSpringForward_WaitsUntilEightCestWhichIsSixUtc()
    {
        // 2026-03-28 23:00 CET = 22:00Z; on 03-29 clocks jump 02:00 -> 03:00; 08:00 CEST = 06:00Z.
        var decision = Decide(Utc(2026, 3, 28, 22), zone: Madrid);
        Assert.Equal(Utc(2026, 3, 29, 6), decision.SendAtUtc);
    }

    [Fact]
    public void Decide_MadridFallBack_WaitsUntilEightCetWhichIsSevenUtc()
    {
        // 2026-10-24 21:30 CEST = 19:30Z; on 10-25 clocks go 03:00 -> 02:00; 08:00 CET = 07:00Z.
        var decision = Decide(Utc(2026, 10, 24, 19, 30), zone: Madrid);
        Assert.Equal(Utc(2026, 10, 25, 7), decision.SendAtUtc);
    }

    [Fact]
    public void Decide_HonoluluEvening_IsQuietThoughUtcIsMorning()
    {
        // 07:30Z is 21:30 HST the day before: quiet; 08:00 HST = 18:00Z.
        var decision = Decide(Utc(2026, 6, 11, 7, 30), zone: Honolulu);
        Assert.Equal((ContactDecisionKind.SendAt, ContactReason.QuietHours), (decision.Kind, decision.Reason));
        Assert.Equal(Utc(2026, 6, 11, 18), decision.SendAtUtc);
    }

    [Fact]
    public void Decide_HonoluluDailyCap_CountsLocalDatesNotUtcDates()
    {
        // Sent 2026-06-01 20:00 HST (= 06-02 06:00Z). Now 06-02 08:30 HST (= 06-02 18:30Z): same UTC date, new local date.
        var history = new[] { Sms(Utc(2026, 6, 2, 6)) };
        Assert.Equal(ContactDecisionKind.SendNow, Decide(Utc(2026, 6, 2, 18, 30), Honolulu, history).Kind);

        // Sent 06-02 09:00 HST (19:00Z); now 06-02 20:30 HST (= 06-03 06:30Z): new UTC date, same local date.
        var sameLocalDay = new[] { Sms(Utc(2026, 6, 2, 19)) };
        var decision = Decide(Utc(2026, 6, 3, 6, 30), Honolulu, sameLocalDay);
        Assert.Equal((ContactDecisionKind.SendAt, ContactReason.DailyCap), (decision.Kind, decision.Reason));
        Assert.Equal(Utc(2026, 6, 3, 18), decision.SendAtUtc); // 06-03 08:00 HST
    }

    [Fact]
    public void Decide_SecondMessageSameLocalDay_WaitsForTomorrowEight()
    {
        var history = new[] { Sms(Utc(2026, 6, 10, 13)) }; // 09:00 EDT
        var decision = Decide(Utc(2026, 6, 10, 19), history: history); // 15:00 EDT
        Assert.Equal((ContactDecisionKind.SendAt, ContactReason.DailyCap), (decision.Kind, decision.Reason));
        Assert.Equal(Utc(2026, 6, 11, 12), decision.SendAtUtc);
    }

    [Fact]
    public void Decide_DailyCapOnSpringForwardDay_NextDayStartsAtEightEdt()
    {
        var history = new[] { Sms(Utc(2026, 3, 8, 13)) }; // 09:00 EDT on the 23-hour day
        var decision = Decide(Utc(2026, 3, 9, 0), history: history); // 20:00 EDT same day
        Assert.Equal(Utc(2026, 3, 9, 12), decision.SendAtUtc);
    }

    [Fact]
    public void Decide_DailyCapOnFallBackDay_TwentyFiveHourDayIsStillOneDay()
    {
        var history = new[] { Sms(Utc(2026, 11, 1, 13)) }; // 08:00 EST on the 25-hour day
        var decision = Decide(Utc(2026, 11, 2, 1, 59), history: history); // 20:59 EST the same local date
        Assert.Equal((ContactDecisionKind.SendAt, ContactReason.DailyCap), (decision.Kind, decision.Reason));
        Assert.Equal(Utc(2026, 11, 2, 13), decision.SendAtUtc);
    }

    [Fact]
    public void Decide_ThreeInTheRollingWeek_WaitsUntilTheOldestLeavesTheWindow()
    {
        // Sent on local dates 06-04, 06-06, 06-08 (10:00 EDT); now 06-10 10:00 EDT: window 06-04..06-10 holds 3.
        var history = new[] { Sms(Utc(2026, 6, 4, 14)), Sms(Utc(2026, 6, 6, 14)), Sms(Utc(2026, 6, 8, 14)) };
        var decision = Decide(Utc(2026, 6, 10, 14), history: history);
        Assert.Equal((ContactDecisionKind.SendAt, ContactReason.WeeklyCap), (decision.Kind, decision.Reason));
        Assert.Equal(Utc(2026, 6, 11, 12), decision.SendAtUtc); // window 06-05..06-11 holds 2
    }

    [Fact]
    public void Decide_ThreeOnConsecutiveRecentDays_WaitsTwoDays()
    {
        var history = new[] { Sms(Utc(2026, 6, 5, 14)), Sms(Utc(2026, 6, 7, 14)), Sms(Utc(2026, 6, 9, 14)) };
        var decision = Decide(Utc(2026, 6, 10, 14), history: history);
        Assert.Equal(Utc(2026, 6, 12, 12), decision.SendAtUtc); // 06-11 window still holds 06-05..; 06-12 holds 2
    }

    [Fact]
    public void Decide_ThreeSentLongerThanAWeekAgo_SendsNow()
    {
        var history = new[] { Sms(Utc(2026, 6, 1, 14)), Sms(Utc(2026, 6, 2, 14)), Sms(Utc(2026, 6, 3, 14)) };
        Assert.Equal(ContactDecisionKind.SendNow, Decide(Utc(2026, 6, 10, 14), history: history).Kind);
    }

    [Fact]
    public void Decide_EmailHistory_DoesNotCountAgainstSms()
    {
        var history = new[] { new SentMessage(NotificationChannel.Email, MessagePurpose.CardNeeded, Utc(2026, 6, 10, 13)) };
        Assert.Equal(ContactDecisionKind.SendNow, Decide(Utc(2026, 6, 10, 19), history: history).Kind);
    }

    [Fact]
    public void Decide_AnyPurposeCountsTowardTheCap()
    {
        var history = new[] { new SentMessage(NotificationChannel.Sms, MessagePurpose.AuthorizationUpdate, Utc(2026, 6, 10, 13)) };
        Assert.Equal(ContactReason.DailyCap, Decide(Utc(2026, 6, 10, 19), history: history).Reason);
    }

    [Fact]
    public void Decide_AppointmentPassed_Drops()
    {
        var now = Utc(2026, 6, 10, 15);
        var decision = Decide(now, appointment: now.AddMinutes(-1));
        Assert.Equal((ContactDecisionKind.Drop, ContactReason.AppointmentPassed), (decision.Kind, decision.Reason));
    }

    [Fact]
    public void Decide_NextAllowedMomentAfterAppointment_Drops()
    {
        // 22:00 EDT, appointment 07:30 EDT next morning: the next window (08:00) is too late.
        var decision = Decide(Utc(2026, 6, 11, 2), appointment: Utc(2026, 6, 11, 11, 30));
        Assert.Equal((ContactDecisionKind.Drop, ContactReason.NextWindowAfterAppointment), (decision.Kind, decision.Reason));
    }

    [Fact]
    public void Decide_KeywordReply_GoesOutAtNightWithoutConsent()
    {
        var decision = Decide(Utc(2026, 6, 11, 3), consents: ConsentLedger.Empty, purpose: MessagePurpose.KeywordReply);
        Assert.Equal(ContactDecisionKind.SendNow, decision.Kind);
    }

    [Fact]
    public void Constructor_ZeroCap_IsRejected() =>
        Assert.Throws<ArgumentException>(() => new ContactPolicy(new ContactRules { DailyCap = 0 }));

    private static readonly string[] Zones = [NewYork, Honolulu, Madrid, "America/Los_Angeles", "Australia/Lord_Howe", "Asia/Kolkata"];

    [Fact]
    public void Decide_SimulatedWeeksOfHourlyAttempts_NeverBreaksCapsOrQuietHours()
    {
        // A reminder is wanted every 47 minutes for 3 weeks; whatever the zone and start, what goes out obeys the rules.
        Gen.Select(Gen.Int[0, Zones.Length - 1], Gen.Int[0, 364 * 24], Gen.Int[1, 120]).Sample((zoneIndex, startHour, stepMinutes) =>
        {
            var zone = TimeZoneInfo.FindSystemTimeZoneById(Zones[zoneIndex]);
            var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddHours(startHour));
            var end = clock.GetUtcNow().AddDays(21);
            var sent = new List<SentMessage>();
            while (clock.GetUtcNow() < end)
            {
                var now = clock.GetUtcNow();
                var decision = Policy.Decide(NotificationChannel.Sms, MessagePurpose.CardNeeded, SmsConsent, sent, zone.Id, end.AddDays(1), now);
                if (decision.Kind == ContactDecisionKind.SendNow) sent.Add(Sms(now));
                else if (decision.Kind == ContactDecisionKind.SendAt)
                {
                    // The instant the policy names is itself allowed.
                    var later = Policy.Decide(NotificationChannel.Sms, MessagePurpose.CardNeeded, SmsConsent, sent, zone.Id, end.AddDays(1), decision.SendAtUtc!.Value);
                    if (later.Kind != ContactDecisionKind.SendNow || decision.SendAtUtc <= now) return false;
                }
                else return false;
                clock.Advance(TimeSpan.FromMinutes(stepMinutes));
            }
            var dates = sent.Select(m => PatientTimeZone.LocalDate(m.SentAtUtc, zone)).ToList();
            var quietFree = sent.All(m => !Policy.IsQuiet(TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(m.SentAtUtc, zone).DateTime)));
            var daily = dates.GroupBy(d => d).All(g => g.Count() <= 1);
            var weekly = dates.All(d => dates.Count(x => x > d.AddDays(-7) && x <= d) <= 3);
            return quietFree && daily && weekly && sent.Count >= 6;
        }, iter: 60);
    }
}
