using PatientAccess.Cli.Demo;

namespace PatientAccess.Cli.Tests;

/// <summary>The demo prints what changed, not every sample's state and outbox each round.</summary>
public sealed class ChangeFeedTests
{
    private const string Id = "0f8fad5bd9cb469fa16570867728950e";

    private static OutboxView Message(string purpose, string status, string? reason = null, DateTimeOffset? sendAfter = null) =>
        new($"{Id}-{purpose}-0-sms", Id, purpose, "Sms", status, $"Springfield Clinic: {purpose} text", sendAfter, reason);

    [Fact]
    public void Status_SameLineEveryRound_PrintedOnce()
    {
        var feed = new ChangeFeed();
        feed.Add("active PPO", Id);

        var rounds = Enumerable.Range(0, 5).Select(_ => feed.Status(Id, "AwaitingCard (awaiting InsuranceCard)")).ToList();
        var next = feed.Status(Id, "EligibilityVerified");

        Assert.Equal(["[active PPO] AwaitingCard (awaiting InsuranceCard)"], rounds[0]);
        Assert.All(rounds.Skip(1), Assert.Empty);
        Assert.Equal(["[active PPO] EligibilityVerified"], next);
    }

    [Fact]
    public void Outbox_NewHeldThenSent_TextOnceThenTheChange()
    {
        var feed = new ChangeFeed();
        feed.Add("active PPO", Id);
        var eight = new DateTimeOffset(2026, 12, 8, 14, 0, 0, TimeSpan.Zero);

        var first = feed.Outbox([Message("CardNeeded", "Pending", "QuietHours", eight)]);
        var again = feed.Outbox([Message("CardNeeded", "Pending", "QuietHours", eight)]);
        var sent = feed.Outbox([Message("CardNeeded", "Sent", sendAfter: eight)]);

        Assert.Equal(["[active PPO] outbox: CardNeeded by Sms, Pending until 2026-12-08 14:00 UTC (QuietHours): \"Springfield Clinic: CardNeeded text\""], first);
        Assert.Empty(again);
        Assert.Equal(["[active PPO] outbox: CardNeeded by Sms is now Sent (was Pending)"], sent);
    }

    [Fact]
    public void Outbox_JustWrittenOrBeingSent_PrintedOnceSettled()
    {
        var feed = new ChangeFeed();
        feed.Add("active PPO", Id);

        var written = feed.Outbox([Message("CardNeeded", "Pending")]);
        var sending = feed.Outbox([Message("CardNeeded", "Sending")]);
        var sent = feed.Outbox([Message("CardNeeded", "Sent")]);

        Assert.Empty(written);
        Assert.Empty(sending);
        Assert.Equal(["[active PPO] outbox: CardNeeded by Sms, Sent: \"Springfield Clinic: CardNeeded text\""], sent);
    }

    [Fact]
    public void Outbox_OtherRegistrationsAndNewestFirst_OnlyOursOldestFirst()
    {
        var feed = new ChangeFeed();
        feed.Add("no card, patient texts STOP", Id);
        var someoneElse = new OutboxView("x-card-needed-0-sms", "someone-else", "CardNeeded", "Sms", "Sent", "not ours");

        var lines = feed.Outbox([Message("KeywordReply", "Sent"), someoneElse, Message("CardNeeded", "Sent")]);

        Assert.Equal(2, lines.Count);
        Assert.Contains("CardNeeded", lines[0], StringComparison.Ordinal);
        Assert.Contains("KeywordReply", lines[1], StringComparison.Ordinal);
    }

    /// <summary>samples follow continues from what samples run printed: nothing is printed twice across the two.</summary>
    [Fact]
    public void Snapshot_RestoredInANewFeed_OnlyLaterChangesPrinted()
    {
        var run = new ChangeFeed();
        run.Add("active PPO", Id);
        run.Status(Id, "EligibilityVerified");
        run.Outbox([Message("CardNeeded", "Sent")]);

        var follow = new ChangeFeed(run.Snapshot());

        Assert.Empty(follow.Status(Id, "EligibilityVerified"));
        Assert.Empty(follow.Outbox([Message("CardNeeded", "Sent")]));
        Assert.Single(follow.Outbox([Message("CardNeeded", "Sent"), Message("AppointmentReminder", "Sent")]));
    }
}
