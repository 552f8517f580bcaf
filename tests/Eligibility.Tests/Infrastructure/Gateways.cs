using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PatientAccess.Domain.Eligibility;
using PatientAccess.Domain.Registrations;
using PatientAccess.Integrations.Eligibility;

namespace PatientAccess.Eligibility.Tests.Infrastructure;

/// <summary>Builds the eligibility adapters exactly as the hosts do (AddEligibility over configuration).</summary>
public static class Gateways
{
    public static Dictionary<string, string?> Settings(Uri sandbox, ClearinghouseMode mode, string password = SandboxHost.Password) => new()
    {
        ["Clearinghouse:BaseUrl"] = sandbox.ToString(),
        ["Clearinghouse:Mode"] = mode.ToString(),
        ["Clearinghouse:Username"] = SandboxHost.Username,
        ["Clearinghouse:Password"] = password,
        ["Clearinghouse:SenderId"] = "PATIENTACCESS",
        ["Clearinghouse:ReceiverId"] = "SBXCLEARHOUSE",
        ["Clearinghouse:ProviderName"] = "SANDBOX TEST HOSPITAL",
        ["CardStorage"] = LocalServers.AzuriteConnectionString,
    };

    public static ServiceProvider Build(Uri sandbox, ClearinghouseMode mode, string password = SandboxHost.Password)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(Settings(sandbox, mode, password)).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddEligibility(configuration);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public static EligibilityRequest Subscriber(
        string payerId,
        string memberId,
        string given,
        string family,
        DateOnly birthDate,
        AdministrativeSex sex = AdministrativeSex.Unknown,
        string? middle = null,
        IReadOnlyList<string>? serviceTypes = null) =>
        new(payerId, null, "1234567893", null,
            new EligibilityPerson(new PersonName(given, family, middle), birthDate, sex, memberId),
            null,
            serviceTypes ?? ["30", "98"],
            new DateOnly(2026, 12, 15),
            Guid.NewGuid().ToString("N"));

    public static EligibilityRequest Dependent(string payerId, string subscriberMemberId, string given, string family, DateOnly birthDate) =>
        new(payerId, null, "1234567893", null,
            new EligibilityPerson(null, null, AdministrativeSex.Unknown, subscriberMemberId),
            new EligibilityPerson(new PersonName(given, family), birthDate, AdministrativeSex.Unknown, null),
            ["30"],
            new DateOnly(2026, 12, 15),
            Guid.NewGuid().ToString("N"));
}
