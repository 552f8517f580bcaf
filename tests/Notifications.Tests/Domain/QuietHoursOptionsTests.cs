using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PatientAccess.Domain.Notifications;
using PatientAccess.Integrations.Notifications;

namespace PatientAccess.Notifications.Tests.Domain;

/// <summary>Quiet hours from configuration (QuietHours:Start/End): checked at start and handed to the contact policy.</summary>
public sealed class QuietHoursOptionsTests
{
    private static ServiceProvider Services(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<INotificationOutbox, InMemoryNotificationOutbox>();
        services.AddNotifications(configuration);
        return services.BuildServiceProvider();
    }

    [Fact]
    public void AddNotifications_NoQuietHoursSettings_PolicyKeeps21To8()
    {
        using var sp = Services([]);

        var rules = sp.GetRequiredService<ContactPolicy>().Rules;

        Assert.Equal((new TimeOnly(21, 0), new TimeOnly(8, 0)), (rules.QuietStart, rules.QuietEnd));
    }

    [Theory]
    [InlineData("20:00", "08:00")] // Florida-style: texts only until 20:00
    [InlineData("21:00", "09:30")]
    public void AddNotifications_WiderQuietHours_ThePolicyUsesThem(string start, string end)
    {
        using var sp = Services(new() { ["QuietHours:Start"] = start, ["QuietHours:End"] = end });
        var rules = sp.GetRequiredService<ContactPolicy>().Rules;
        Assert.Equal((TimeOnly.Parse(start, System.Globalization.CultureInfo.InvariantCulture), TimeOnly.Parse(end, System.Globalization.CultureInfo.InvariantCulture)), (rules.QuietStart, rules.QuietEnd));
        Assert.Equal(ContactRules.Default.DailyCap, rules.DailyCap);
    }

    [Theory]
    [InlineData("22:00", "08:00")] // texts until 22:00: after the federal window
    [InlineData("21:00", "07:00")] // from 07:00: before it
    [InlineData("08:00", "21:00")] // quiet by day, not at night
    [InlineData("00:00", "08:00")] // 21:00 to midnight left open
    [InlineData("09:00", "08:30")] // half an hour left to send in
    [InlineData("21:00", "21:00")]
    public void AddNotifications_QuietHoursNarrowerThanTheFederalWindow_RefusedAtStart(string start, string end)
    {
        using var sp = Services(new() { ["QuietHours:Start"] = start, ["QuietHours:End"] = end });

        var error = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IOptions<QuietHoursOptions>>().Value);

        Assert.Contains("QuietHours:Start and QuietHours:End", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddNotifications_QuietHoursNotAClockTime_RefusedAtStart()
    {
        using var sp = Services(new() { ["QuietHours:Start"] = "25:00" });

        var error = Assert.Throws<InvalidOperationException>(() => sp.GetRequiredService<IOptions<QuietHoursOptions>>().Value);

        Assert.Contains("QuietHours:Start", error.Message, StringComparison.Ordinal);
    }
}
