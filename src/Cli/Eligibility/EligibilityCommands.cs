#if ELIGIBILITY_CLI
// Compiled once src/Cli references src/Integrations and defines ELIGIBILITY_CLI (see docs/eligibility.md, "CLI").
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PatientAccess.Domain.Common;
using PatientAccess.Domain.Eligibility;
using PatientAccess.Domain.Registrations;
using PatientAccess.Integrations.Eligibility;

namespace PatientAccess.Cli.Eligibility;

/// <summary>
/// <c>eligibility check</c>: one real-time eligibility question through the configured gateway (the same
/// <c>AddEligibility</c> the hosts use). Settings from environment variables (<c>Clearinghouse__BaseUrl</c>,
/// <c>Clearinghouse__Mode</c>, <c>Clearinghouse__Username</c>, ...); without them it asks the local payer sandbox
/// (http://127.0.0.1:7080) with its sandbox credential.
/// Prints what the payer said to the operator's terminal (PHI stays on that screen, never in a log).
/// </summary>
public static class EligibilityCommands
{
    public const int DependencyFailure = 3;

    private const string Usage =
        "eligibility check --payer ID --member ID --first NAME --last NAME --dob YYYY-MM-DD [--sex F|M] " +
        "[--dependent-first NAME --dependent-last NAME --dependent-dob YYYY-MM-DD] [--service-types 30,98] [--date YYYY-MM-DD] [--mode Core|Json]";

    public static IReadOnlyList<CliCommand> Commands { get; } =
    [
        new("eligibility", "check", "eligibility check --payer --member ...", "ask the configured clearinghouse (or the sandbox) about one member", CheckAsync),
    ];

    private static async Task<int> CheckAsync(CommandContext context)
    {
        var options = Options(context.Arguments);
        if (options is null || !Required(options, "payer", "member", "first", "last", "dob") ||
            !TryDate(options, "dob", out var dob) || !TryDate(options, "date", out var date, optional: true) ||
            !TryDate(options, "dependent-dob", out var dependentDob, optional: true))
        {
            await context.Error.WriteLineAsync("usage: " + Usage);
            return ExitCodes.Usage;
        }

        var sex = options.GetValueOrDefault("sex")?.ToUpperInvariant() switch
        {
            "F" => AdministrativeSex.Female,
            "M" => AdministrativeSex.Male,
            _ => AdministrativeSex.Unknown,
        };
        EligibilityPerson? dependent = options.TryGetValue("dependent-first", out var dependentFirst)
            ? new EligibilityPerson(new PersonName(dependentFirst, options.GetValueOrDefault("dependent-last") ?? options["last"]), dependentDob, AdministrativeSex.Unknown, null)
            : null;
        var request = new EligibilityRequest(
            options["payer"],
            null,
            options.GetValueOrDefault("npi") ?? "1234567893",
            null,
            new EligibilityPerson(new PersonName(options["first"], options["last"]), dob, sex, options["member"]),
            dependent,
            (options.GetValueOrDefault("service-types") ?? "30").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            date ?? DateOnly.FromDateTime(DateTime.Today),
            Guid.NewGuid().ToString("N"));

        var builder = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Clearinghouse:BaseUrl"] = "http://127.0.0.1:7080/",
                ["Clearinghouse:Username"] = "sandbox",
                ["Clearinghouse:Password"] = "sandbox-password",
                ["CardStorage"] = "UseDevelopmentStorage=true",
            })
            .AddInMemoryCollection(EnvironmentSettings());
        if (options.GetValueOrDefault("mode") is { } mode) builder.AddInMemoryCollection(new Dictionary<string, string?> { ["Clearinghouse:Mode"] = mode });
        var configuration = builder.Build();

        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddEligibility(configuration);
        await using var provider = services.BuildServiceProvider();
        try
        {
            var response = await provider.GetRequiredService<IEligibilityGateway>().CheckAsync(request, context.CancellationToken);
            await WriteAsync(context.Out, response);
            return ExitCodes.Success;
        }
        catch (PayerUnavailableException e)
        {
            await context.Out.WriteLineAsync("payer unavailable: " + string.Join("; ", e.Response.Rejections.Select(r => $"AAA {r.Code} {r.Reason}: {r.Remediation}")));
            return DependencyFailure;
        }
        catch (DomainException e) when (e is TransientDependencyException or PermanentDependencyException)
        {
            await context.Error.WriteLineAsync(e.Message);
            return DependencyFailure;
        }
    }

    private static async Task WriteAsync(TextWriter output, EligibilityResponse response)
    {
        var s = response.Snapshot;
        var decision = EligibilityDecisions.Decide(response, EligibilityAttemptKind.Primary, alternateIdentityAvailable: false);
        await output.WriteLineAsync($"coverage: {s.Status}   decision: {decision.Verdict} ({decision.ReasonCode})");
        await output.WriteLineAsync($"payer: {s.PayerName}   plan: {s.PlanName}   group: {s.GroupNumber}   from {s.CoverageStart?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "-"} to {s.CoverageEnd?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "-"}");
        foreach (var r in response.Rejections)
        {
            await output.WriteLineAsync($"rejection: AAA {r.Code} ({r.Reason}) at {r.Loop}, follow-up {r.FollowUpCode ?? "-"}, {r.Kind}: {r.Remediation}");
        }
        if (s.Benefits.Count > 0)
        {
            await output.WriteLineAsync($"{"service",-40} {"network",-13} {"lvl",-4} {"copay",8} {"coins%",7} {"ded",9} {"ded left",9} {"oop",9} {"oop left",9} auth");
            foreach (var b in s.Benefits)
            {
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{Trim($"{b.ServiceTypeCode} {b.ServiceTypeName}", 40),-40} {b.Network,-13} {b.Level,-4} {Money(b.Copay),8} {Money(b.CoinsurancePercent),7} {Money(b.DeductibleTotal),9} {Money(b.DeductibleRemaining),9} {Money(b.OutOfPocketTotal),9} {Money(b.OutOfPocketRemaining),9} {(b.AuthorizationRequired is null ? "-" : b.AuthorizationRequired.Value ? "yes" : "no")}"));
            }
        }
        foreach (var m in s.Messages)
        {
            await output.WriteLineAsync("message: " + m);
        }
    }

    /// <summary>Clearinghouse__* and CardStorage* environment variables as configuration keys (__ is the section separator).</summary>
    private static Dictionary<string, string?> EnvironmentSettings()
    {
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (System.Collections.DictionaryEntry e in Environment.GetEnvironmentVariables())
        {
            var key = (string)e.Key;
            if (key.StartsWith("Clearinghouse__", StringComparison.OrdinalIgnoreCase) || key.StartsWith("CardStorage", StringComparison.OrdinalIgnoreCase))
            {
                settings[key.Replace("__", ":", StringComparison.Ordinal)] = e.Value as string;
            }
        }
        return settings;
    }

    private static string Money(decimal? value) => value?.ToString("0.##", CultureInfo.InvariantCulture) ?? "-";

    private static string Trim(string text, int width) => text.Length <= width ? text : text[..width];

    private static Dictionary<string, string>? Options(IReadOnlyList<string> args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Count) return null;
            options[args[i][2..]] = args[++i];
        }
        return options;
    }

    private static bool Required(Dictionary<string, string> options, params string[] names) =>
        names.All(n => options.TryGetValue(n, out var v) && !string.IsNullOrWhiteSpace(v));

    private static bool TryDate(Dictionary<string, string> options, string name, out DateOnly? value, bool optional = false)
    {
        value = null;
        if (!options.TryGetValue(name, out var text)) return optional;
        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return false;
        value = d;
        return true;
    }

    private static bool TryDate(Dictionary<string, string> options, string name, out DateOnly value)
    {
        var ok = TryDate(options, name, out DateOnly? d);
        value = d ?? default;
        return ok && d is not null;
    }
}
#endif
