using PatientAccess.Api;

namespace PatientAccess.Functions.Tests;

/// <summary>
/// The patient page's limits, shared by both hosts. Each test runs well inside one window (a minute, ten minutes), so
/// the counts are exact.
/// </summary>
public sealed class PortalRateLimiterTests
{
    [Fact]
    public void CountLinkUse_OneOverThePerLinkLimit_RefusesWithRetryAfterWithinTheWindow()
    {
        using var limiter = new PortalRateLimiter();
        for (var i = 0; i < PortalRateLimiter.PerLinkPerMinute; i++) limiter.CountLinkUse("hash-a");

        var refused = Assert.Throws<TooManyRequestsException>(() => limiter.CountLinkUse("hash-a"));

        Assert.InRange(refused.RetryAfter, TimeSpan.Zero, TimeSpan.FromMinutes(1));
    }

    [Fact]
    public void CountLinkUse_OneLinkAtItsLimit_OtherLinksStillServed()
    {
        using var limiter = new PortalRateLimiter();
        for (var i = 0; i < PortalRateLimiter.PerLinkPerMinute; i++) limiter.CountLinkUse("hash-a");

        limiter.CountLinkUse("hash-b");
        Assert.Throws<TooManyRequestsException>(() => limiter.CountLinkUse("hash-a"));
    }

    [Fact]
    public void CheckClient_ChecksWithoutCounting()
    {
        using var limiter = new PortalRateLimiter();
        for (var i = 0; i < 10 * PortalRateLimiter.InvalidPerClientPer10Minutes; i++) limiter.CheckClient("203.0.113.7");

        for (var i = 0; i < PortalRateLimiter.InvalidPerClientPer10Minutes; i++) limiter.CountInvalid("203.0.113.7");

        var refused = Assert.Throws<TooManyRequestsException>(() => limiter.CheckClient("203.0.113.7"));
        Assert.InRange(refused.RetryAfter, TimeSpan.Zero, TimeSpan.FromMinutes(10));
    }

    [Fact]
    public void CheckClient_AnotherClientGuessing_DoesNotLockThisOneOut()
    {
        using var limiter = new PortalRateLimiter();
        for (var i = 0; i < PortalRateLimiter.InvalidPerClientPer10Minutes; i++) limiter.CountInvalid("203.0.113.7");

        limiter.CheckClient("198.51.100.4");
        limiter.CountInvalid("198.51.100.4");
        Assert.Throws<TooManyRequestsException>(() => limiter.CheckClient("203.0.113.7"));
    }
}
