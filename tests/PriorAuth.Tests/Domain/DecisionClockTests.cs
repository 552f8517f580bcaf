using Microsoft.Extensions.Time.Testing;
using PatientAccess.Domain.PriorAuth;

namespace PatientAccess.PriorAuth.Tests.Domain;

/// <summary>The CMS-0057-F clock in the clinic's zone (America/Chicago: DST from 2026-03-08 to 2026-11-01), with fixed times.</summary>
public class DecisionClockTests
{
    private static readonly TimeZoneInfo Chicago = TimeZoneInfo.FindSystemTimeZoneById("America/Chicago");

    private static DateTimeOffset Local(int month, int day, int hour, int minute, int offsetHours) =>
        new(2026, month, day, hour, minute, 0, TimeSpan.FromHours(offsetHours));

    [Fact]
    public void For_StandardAcrossSpringForward_SameWallClockSevenDaysLater167Hours()
    {
        var received = Local(3, 5, 10, 0, -6);

        var clock = DecisionClock.For(received, AuthorizationUrgency.Standard, Chicago);

        Assert.Equal(Local(3, 12, 10, 0, -5), clock.Deadline);
        Assert.Equal(TimeSpan.FromHours(167), clock.Deadline - received);
        Assert.Equal(clock.Deadline - TimeSpan.FromHours(24), clock.WarnAt);
    }

    [Fact]
    public void For_StandardAcrossFallBack_SameWallClockSevenDaysLater169Hours()
    {
        var received = Local(10, 29, 10, 0, -5);

        var clock = DecisionClock.For(received, AuthorizationUrgency.Standard, Chicago);

        Assert.Equal(Local(11, 5, 10, 0, -6), clock.Deadline);
        Assert.Equal(TimeSpan.FromHours(169), clock.Deadline - received);
    }

    [Fact]
    public void For_StandardLandingOnSkippedHour_MovesForwardByTheGap()
    {
        var received = Local(3, 1, 2, 30, -6); // 02:30 on 2026-03-08 does not exist in Chicago

        var clock = DecisionClock.For(received, AuthorizationUrgency.Standard, Chicago);

        Assert.Equal(Local(3, 8, 3, 30, -5), clock.Deadline);
        Assert.Equal(TimeSpan.FromHours(168), clock.Deadline - received);
    }

    [Fact]
    public void For_StandardLandingOnRepeatedHour_TakesTheLaterInstant()
    {
        var received = Local(10, 25, 1, 30, -5); // 01:30 on 2026-11-01 happens twice

        var clock = DecisionClock.For(received, AuthorizationUrgency.Standard, Chicago);

        Assert.Equal(Local(11, 1, 1, 30, -6), clock.Deadline);
        Assert.Equal(TimeSpan.FromHours(169), clock.Deadline - received);
    }

    [Theory]
    [InlineData(3, 7, 12)]
    [InlineData(10, 31, 12)]
    [InlineData(6, 1, 0)]
    public void For_Expedited_Exactly72ElapsedHoursAcrossAnyChange(int month, int day, int hour)
    {
        var received = new DateTimeOffset(2026, month, day, hour, 0, 0, TimeSpan.Zero);

        var clock = DecisionClock.For(received, AuthorizationUrgency.Expedited, Chicago);

        Assert.Equal(received + TimeSpan.FromHours(72), clock.Deadline);
        Assert.Equal(clock.Deadline - TimeSpan.FromHours(12), clock.WarnAt);
    }

    [Fact]
    public void StateAt_FakeTimeProviderWalkingAcrossTheDstChange_OnTimeWarningOverdue()
    {
        var received = Local(10, 29, 10, 0, -5);
        var clock = DecisionClock.For(received, AuthorizationUrgency.Standard, Chicago);
        var time = new FakeTimeProvider(received);

        Assert.Equal(ClockState.OnTime, DecisionClock.StateAt(clock, time));
        time.Advance(TimeSpan.FromHours(144));
        Assert.Equal(ClockState.OnTime, DecisionClock.StateAt(clock, time));
        time.Advance(TimeSpan.FromHours(1)); // 145 h: 24 h before the 169 h deadline
        Assert.Equal(ClockState.Warning, DecisionClock.StateAt(clock, time));
        time.Advance(TimeSpan.FromHours(23) + TimeSpan.FromMinutes(59));
        Assert.Equal(ClockState.Warning, DecisionClock.StateAt(clock, time));
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(ClockState.Overdue, DecisionClock.StateAt(clock, time));
    }

    [Fact]
    public void TimeToDecision_NeverNegative()
    {
        var at = Local(6, 1, 9, 0, -5);
        Assert.Equal(TimeSpan.FromHours(30), DecisionClock.TimeToDecision(at, at.AddHours(30)));
        Assert.Equal(TimeSpan.Zero, DecisionClock.TimeToDecision(at, at.AddHours(-1)));
    }
}
