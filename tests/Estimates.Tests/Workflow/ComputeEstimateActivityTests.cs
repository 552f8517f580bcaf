using Azure.Storage.Blobs;
using Microsoft.DurableTask;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PatientAccess.Domain.Common;
using PatientAccess.Domain.Eligibility;
using PatientAccess.Domain.Estimates;
using PatientAccess.Domain.Ports;
using PatientAccess.Domain.Prices;
using PatientAccess.Domain.Registrations;
using PatientAccess.Estimates.Tests.Domain;
using PatientAccess.Integrations;
using PatientAccess.Workflow;
using PatientAccess.Workflow.Estimates;

namespace PatientAccess.Estimates.Tests.Workflow;

/// <summary>
/// The estimate activity on its own, against the real Cosmos emulator and Azurite (started by test.sh) and the
/// sandbox hospital's standard-charges file: what it records on the registration, what it returns, and that a
/// repeated step changes nothing.
/// </summary>
public sealed class ComputeEstimateActivityTests : IAsyncLifetime
{
    private const string EmulatorKey = "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==";
    private static readonly DateTimeOffset Scheduled = new(2026, 6, 1, 15, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Scheduled.AddMinutes(5));
    private ServiceProvider _services = null!;

    public Task InitializeAsync()
    {
        _services = Services("standard-charges.csv");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _services.DisposeAsync();

    private ServiceProvider Services(string priceFile, string? directory = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Cosmos:Endpoint"] = Environment.GetEnvironmentVariable("COSMOS_ENDPOINT") ?? "https://127.0.0.1:8081/",
            ["Cosmos:Key"] = EmulatorKey,
            ["Cosmos:Database"] = "estimates-tests",
            ["Cosmos:CreateIfMissing"] = "true",
            ["CardStorage:connectionString"] = Environment.GetEnvironmentVariable("AZURITE_CONNECTION_STRING") ?? "UseDevelopmentStorage=true",
            ["Prices:Path"] = Path.Combine(directory ?? Path.Combine(AppContext.BaseDirectory, "sandbox"), priceFile),
            ["Estimates:CounselingThreshold"] = "1000",
            ["Estimates:Facility:Name"] = "Sandbox General Hospital",
            ["Estimates:Facility:Npi"] = "1234567893",
            ["Estimates:Facility:TaxId"] = "37-1234567",
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddWorkflow();
        services.AddEstimates();
        services.AddCosmosStores();
        services.AddEstimateSources(configuration);
        services.AddSingleton<TimeProvider>(_time);
        services.AddTransient<ComputeEstimateActivity>();
        services.Configure<PatientAccess.Workflow.Notifications.PortalOptions>(o => o.BaseUrl = new Uri("http://127.0.0.1:7071/portal/"));
        return services.BuildServiceProvider();
    }

    private static Registration NewRegistration(CoverageToCheck? coverage, EligibilitySnapshot? eligibility)
    {
        Assert.True(Npi.TryCreate("1245319599", out var npi));
        Assert.True(ProcedureCode.TryCreate("99213", out var visit));
        Assert.True(ProcedureCode.TryCreate("70551", out var mri));
        return new Registration(
            RegistrationId.New(Guid.NewGuid()),
            new Patient(new PersonName("Jane", "Public", "Q"), new DateOnly(1985, 3, 14), AdministrativeSex.Female, new PostalAddress("1 Test Street", null, "Springfield", "IL", "62701"), null, null, "en", "America/Chicago"),
            new Appointment(new DateTimeOffset(2026, 6, 15, 14, 30, 0, TimeSpan.Zero), "America/Chicago", [visit, mri], npi, null, "FAC-1"),
            coverage is null ? null : new TypedInsurance(coverage.PayerName, coverage.PayerId, coverage.MemberId, coverage.GroupNumber),
            new Consents(true, true, "2026-01", Scheduled),
            Scheduled,
            coverage: coverage,
            eligibility: eligibility);
    }

    private static readonly CoverageToCheck Ppo = new("SBXPPO", "SANDBOX PPO HEALTH PLAN", "100000001", "GRP10001", CoverageSource.Typed);

    private static EligibilitySnapshot Snapshot(PatientBenefits? detail, string? blob = null) => new(
        CoverageStatus.Active, "SANDBOX PPO HEALTH PLAN", "SANDBOX PPO GOLD", "GRP10001", new DateOnly(2026, 1, 1), null, [], [], blob, Scheduled, detail);

    private async Task<(EstimateActivityResult Result, Registration Stored)> RunAsync(Registration registration, string step = "estimate-1", ServiceProvider? services = null)
    {
        var s = services ?? _services;
        var store = s.GetRequiredService<IRegistrationStore>();
        await store.TryCreateAsync(registration, CancellationToken.None);
        var answer = await s.GetRequiredService<ComputeEstimateActivity>().RunAsync(new Context(), new EstimateActivityInput(registration.Id.Value, step, "estimate-1"));
        Assert.True(answer.Answers("estimate-1"));
        var result = answer.Read<EstimateActivityResult>();
        return (result, (await store.GetAsync(registration.Id, CancellationToken.None)).Value);
    }

    [Fact]
    public async Task Run_InsuredWithTypedBenefits_RecordsTheBreakdownAndReturnsAmountFreeFlags()
    {
        // 99213 copay 25.00; 70551 1,200.00: deductible 600.00 + 20 % of 600.00 = 120.00 → 720.00. Total 745.00.
        var benefits = Benefits271.ActivePlan()
            .Eb("C", serviceType: "30", period: "29", amount: 600m, network: "Y")
            .Eb("G", serviceType: "30", period: "29", amount: 4200m, network: "Y")
            .Eb("A", serviceType: "30", percent: 0.2m, network: "Y")
            .Eb("B", serviceType: "98", period: "27", amount: 25m, network: "Y")
            .Subscriber();
        var registration = NewRegistration(Ppo, Snapshot(benefits));

        var (result, stored) = await RunAsync(registration);

        Assert.Equal(new EstimateActivityResult(registration.Id.Value, "estimate-1", RegistrationEstimates.EstimateId(registration.Id, "estimate-1"), EstimateOutcome.Estimated, false, false, false, false), result);
        var record = Assert.IsType<EstimateRecord>(stored.Estimate);
        Assert.Equal(745m, record.Estimate.Total);
        Assert.Equal([25m, 720m], record.Estimate.Lines.Select(l => l.PatientPays!.Value));
        Assert.Equal("MRI brain (including brain stem) without contrast material", record.Estimate.Lines[1].Description);
        Assert.Contains(record.Estimate.Lines[1].Steps.Single(s => s.Kind == StepKind.Allowed).Sources, s => s.Reference == "standard-charges.csv line 10 (SANDBOX PPO HEALTH PLAN / SANDBOX PPO GOLD, negotiated_dollar 1,200.00, fee schedule)");
        Assert.Contains(record.Estimate.Lines[1].Steps.Single(s => s.Kind == StepKind.Deductible).Sources, s => s.Reference.Contains("EB*C*IND*30***29*600", StringComparison.Ordinal));
        Assert.Null(record.GoodFaithEstimate);
        Assert.Equal(_time.GetUtcNow(), record.ComputedAt);
        Assert.Equal(new DateOnly(2026, 6, 15), record.Estimate.ServiceDate);
    }

    [Fact]
    public async Task Run_SameStepAgain_FindsTheFirstEstimateAndWritesNothing()
    {
        var registration = NewRegistration(null, null);
        var (first, stored) = await RunAsync(registration, "estimate-7");
        var store = _services.GetRequiredService<IRegistrationStore>();
        var etag = (await store.GetAsync(registration.Id, CancellationToken.None)).ETag;
        _time.Advance(TimeSpan.FromHours(2));

        var again = await _services.GetRequiredService<ComputeEstimateActivity>().EstimateAsync(new EstimateActivityInput(registration.Id.Value, "estimate-7", "estimate-7"));

        Assert.False(first.AlreadyRecorded);
        Assert.Equal(first with { AlreadyRecorded = true }, again);
        Assert.Equal(etag, (await store.GetAsync(registration.Id, CancellationToken.None)).ETag);
        var audit = await _services.GetRequiredService<IAuditTrail>().ListAsync(registration.Id.Value, CancellationToken.None);
        Assert.Single(audit, a => a.Action.StartsWith("estimate ", StringComparison.Ordinal));
        Assert.DoesNotContain(audit, a => a.Action.Contains('$', StringComparison.Ordinal) || a.Action.Contains("1550", StringComparison.Ordinal) || a.Action.Contains("Jane", StringComparison.Ordinal));
        Assert.Equal(stored.Estimate!.ComputedAt, (await store.GetAsync(registration.Id, CancellationToken.None)).Value.Estimate!.ComputedAt);
    }

    [Fact]
    public async Task Run_SelfPay_RecordsAGoodFaithEstimateDueInThreeBusinessDays()
    {
        // Scheduled Monday 1 June for Monday 15 June (10 business days ahead): due Thursday 4 June. Cash prices 150.00 + 1,400.00.
        var (result, stored) = await RunAsync(NewRegistration(null, null));

        Assert.Equal((EstimateOutcome.GoodFaithEstimate, true, true), (result.Outcome, result.SelfPay, result.NeedsFinancialCounseling));
        var gfe = Assert.IsType<GoodFaithEstimate>(stored.Estimate!.GoodFaithEstimate);
        Assert.Equal(1550m, gfe.Total);
        Assert.Equal((GoodFaithEstimateTiming.ThreeBusinessDays, new DateOnly(2026, 6, 4)), (gfe.Deadline.Timing, gfe.Deadline.DueBy));
        Assert.Equal(("Jane Q Public", new DateOnly(1985, 3, 14), new DateOnly(2026, 6, 1)), (gfe.Subject.PatientName, gfe.Subject.PatientBirthDate, gfe.Subject.ScheduledOn));
        Assert.Contains(gfe.Providers, p => p.Name == "Sandbox General Hospital" && p.TaxId == "37-1234567");
        Assert.StartsWith("GFE-20260601-", gfe.Id, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_RegistrationCheckedBeforeTypedBenefitsWereKept_ReadsTheStored271()
    {
        // The 271 is ACME HEALTH "GOLD PPO 500", which has no rates in the sandbox file: out of network on gross charges.
        // 99213 gross 250.00: out-of-network copay 60.00. 70551 gross 3,000.00: out-of-network deductible 1,000.00
        // (none known to be met) + 40 % of 2,000.00 = 800.00 → 1,800.00. Total 1,860.00.
        var blobName = $"{Guid.NewGuid():N}/271.x12";
        var container = new BlobServiceClient(Environment.GetEnvironmentVariable("AZURITE_CONNECTION_STRING") ?? "UseDevelopmentStorage=true").GetBlobContainerClient(EligibilityAudit.Container);
        await container.CreateIfNotExistsAsync();
        await container.GetBlobClient(blobName).UploadAsync(BinaryData.FromBytes(await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "Corpus", "01-active-ppo-star.x12"))));
        var legacy = Snapshot(null, blobName) with { PayerName = "ACME HEALTH", PlanName = "GOLD PPO 500" };

        var (result, stored) = await RunAsync(NewRegistration(Ppo, legacy));

        Assert.Null(stored.Eligibility!.BenefitDetail);
        Assert.Equal((EstimateOutcome.Estimated, true), (result.Outcome, result.NeedsFinancialCounseling));
        Assert.Equal([60m, 1800m], stored.Estimate!.Estimate.Lines.Select(l => l.PatientPays!.Value));
        Assert.All(stored.Estimate.Estimate.Lines, l => Assert.Equal(NetworkTier.OutOfNetwork, l.Network));
        Assert.Contains(stored.Estimate.Estimate.Lines[1].Steps.Single(s => s.Kind == StepKind.Coinsurance).Sources, s => s.Reference == "271 2110C EB #12 (EB*A*IND*30*PR**27**0.4****N)");
    }

    [Fact]
    public async Task Run_PriceFileBreaksTheTemplate_FailsWithTheLineAndRecordsNothing()
    {
        var directory = Directory.CreateTempSubdirectory("estimates-");
        var lines = await File.ReadAllLinesAsync(Path.Combine(AppContext.BaseDirectory, "sandbox", "standard-charges.csv"));
        lines[4] = lines[4].Replace(",outpatient,", ",ambulatory,", StringComparison.Ordinal);
        await File.WriteAllLinesAsync(Path.Combine(directory.FullName, "broken.csv"), lines);
        await using var services = Services("broken.csv", directory.FullName);
        var registration = NewRegistration(null, null);

        var e = await Assert.ThrowsAsync<PriceFileException>(() => RunAsync(registration, services: services));

        Assert.Contains(e.Errors, x => x.Line == 5 && x.Field == "setting");
        Assert.Null((await services.GetRequiredService<IRegistrationStore>().GetAsync(registration.Id, CancellationToken.None)).Value.Estimate);
        directory.Delete(recursive: true);
    }

    [Fact]
    public async Task GoodFaithEstimate_PatientLinkAndSpecialist_GetTheRecordedDocumentAndEachHandOutIsAudited()
    {
        var (_, stored) = await RunAsync(NewRegistration(null, null));
        var gfe = stored.Estimate!.GoodFaithEstimate!;
        var link = await _services.GetRequiredService<PatientAccess.Workflow.Portal.PatientLinks>().IssueAsync(stored, "reminders", CancellationToken.None);
        var token = link.Url.Segments[^1];
        var documents = _services.GetRequiredService<EstimateDocumentOperations>();

        var pdf = await documents.GetForPatientAsync(token, EstimateDocumentFormat.Pdf, CancellationToken.None);
        var again = await documents.GetForPatientAsync(token, EstimateDocumentFormat.Pdf, CancellationToken.None);
        var page = await documents.GetForSpecialistAsync(stored.Id, EstimateDocumentFormat.Html, "Dana Desk", CancellationToken.None);

        Assert.Equal(("application/pdf", $"good-faith-estimate-{gfe.Id}.pdf"), (pdf.ContentType, pdf.FileName));
        Assert.Equal("%PDF-"u8.ToArray(), pdf.Content[..5]);
        Assert.Equal(pdf.FileName, again.FileName);
        var html = System.Text.Encoding.UTF8.GetString(page.Content);
        Assert.Equal("text/html; charset=utf-8", page.ContentType);
        Assert.Contains(gfe.Id, html, StringComparison.Ordinal);
        Assert.Contains("Jane", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        var audit = await _services.GetRequiredService<IAuditTrail>().ListAsync(stored.Id.Value, CancellationToken.None);
        Assert.Single(audit, a => a.Actor == "Dana Desk" && a.Action == $"good faith estimate {gfe.Id} provided as HTML (console)");
        Assert.Single(audit, a => a.Actor == EstimateDocumentOperations.Patient && a.Action == $"good faith estimate {gfe.Id} provided as PDF (patient link)");
    }

    [Fact]
    public async Task GoodFaithEstimate_InsuredOrForgedLink_NotFoundOrRefused()
    {
        var benefits = Benefits271.ActivePlan().Eb("B", serviceType: "98", period: "27", amount: 25m, network: "Y").Subscriber();
        var (_, insured) = await RunAsync(NewRegistration(Ppo, Snapshot(benefits)));
        var documents = _services.GetRequiredService<EstimateDocumentOperations>();

        await Assert.ThrowsAsync<NotFoundException>(() => documents.GetForSpecialistAsync(insured.Id, EstimateDocumentFormat.Pdf, "Dana Desk", CancellationToken.None));
        await Assert.ThrowsAsync<NotFoundException>(() => documents.GetForSpecialistAsync(RegistrationId.New(Guid.NewGuid()), EstimateDocumentFormat.Pdf, "Dana Desk", CancellationToken.None));
        await Assert.ThrowsAsync<PatientAccess.Workflow.Portal.PatientLinkInvalidException>(() => documents.GetForPatientAsync("AAAAAAAAAAAAAAAAAAAAAA", EstimateDocumentFormat.Pdf, CancellationToken.None));
        Assert.DoesNotContain(await _services.GetRequiredService<IAuditTrail>().ListAsync(insured.Id.Value, CancellationToken.None), a => a.Action.StartsWith("good faith estimate", StringComparison.Ordinal));
    }

    private sealed class Context : TaskActivityContext
    {
        public override TaskName Name => nameof(ComputeEstimateActivity);

        public override string InstanceId => "clearance-test";
    }
}
