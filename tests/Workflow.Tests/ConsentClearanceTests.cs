using System.Security.Cryptography;
using Azure.Storage.Blobs;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PatientAccess.Domain.Forms;
using PatientAccess.Domain.Ports;
using PatientAccess.Domain.Registrations;
using PatientAccess.Domain.WorkItems;
using PatientAccess.Integrations;
using PatientAccess.Integrations.Forms;
using PatientAccess.Workflow.Clearance;
using PatientAccess.Workflow.Forms;
using PatientAccess.Workflow.Operations;
using PatientAccess.Workflow.Portal;

namespace PatientAccess.Workflow.Tests;

/// <summary>
/// The consents phase end to end in the Durable test host over the Cosmos emulator and Azurite: the clearance waits for
/// the forms the shipped form-requirements.json asks for, the patient signs them through their link (PDFsharp, stored
/// write-once, hash recorded), a replayed request records one signature, and a form still unsigned the day before the
/// visit (a fake clock pinned there) becomes a work item.
/// </summary>
public class ConsentClearanceTests
{
    private static readonly FormKind[] Required = [FormKind.ConsentToTreat, FormKind.PrivacyNoticeAcknowledgement, FormKind.FinancialResponsibility];

    private static Task<ClearanceHost> StartAsync(TimeProvider? clock = null) =>
        ClearanceHost.StartAsync(
            configure: services =>
            {
                var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
                {
                    ["Forms:RequirementsFile"] = Path.Combine(AppContext.BaseDirectory, "Forms", FormRequirementsFile.FileName),
                    ["CardStorage:connectionString"] = TestServers.AzuriteConnection,
                }).Build();
                services.AddFormRequirements(configuration);
                services.AddSignedForms(configuration);
                services.Configure<PatientAccess.Workflow.Notifications.PortalOptions>(o => o.BaseUrl = new Uri("http://127.0.0.1:9/"));
                if (clock is not null) services.AddSingleton(clock);
            },
            settings: new Dictionary<string, string?> { ["Clearance:CardWaitTimeout"] = "00:00:01" });

    private static async Task<RegistrationId> SubmitAsync(ClearanceHost host)
    {
        var form = Samples.ActiveMember();
        return (await host.Registrations.SubmitAsync(host.Client, Guid.NewGuid().ToString(), form, Samples.Body(form), CancellationToken.None)).RegistrationId;
    }

    /// <summary>The card deadline passes at once; the specialist continues with the typed insurance, which the sandbox verifies.</summary>
    private static async Task PastTheCardAsync(ClearanceHost host, RegistrationId id)
    {
        var attention = await host.WaitForStageAsync(id, ClearanceStage.NeedsAttention);
        await host.Worklist.ResolveAsync(host.Client, id, new Resolution(attention.OpenWorkItemId, ResolutionAction.Continue, "insurance confirmed by phone"), "specialist-7", CancellationToken.None);
    }

    private static async Task<string> TokenAsync(ClearanceHost host, RegistrationId id)
    {
        var registration = (await host.Store.GetAsync(id, CancellationToken.None)).Value;
        var link = await host.Services.GetRequiredService<PatientLinks>().IssueAsync(registration, "test", CancellationToken.None);
        return link.Url.Segments[^1];
    }

    private static SignatureRequest Signing(string requestId) =>
        new(requestId, FormTemplates.CurrentVersion, "en", "Jane Active", SignerRole.Patient, null, IntentConfirmed: true, Msp: null);

    [Fact]
    public async Task Clearance_FormsUnsigned_WaitsThenEndsClearedWhenThePatientSignsThem()
    {
        await using var host = await StartAsync();
        var forms = host.Services.GetRequiredService<FormOperations>();
        var id = await SubmitAsync(host);
        await PastTheCardAsync(host, id);

        var waiting = await host.WaitForStageAsync(id, ClearanceStage.AwaitingForms);
        Assert.Equal("Forms", waiting.Awaiting);
        Assert.Equal(PatientTask.SignForms, (await host.Store.GetAsync(id, CancellationToken.None)).Value.FollowUp?.Task);
        var token = await TokenAsync(host, id);
        Assert.Equal(Required, (await forms.GetFormsAsync(token, CancellationToken.None)).Select(f => f.Kind));

        foreach (var kind in Required) await forms.SignAsync(host.Client, token, kind, Signing($"req-{kind}-0001"), CancellationToken.None);

        var done = await host.WaitForCompletionAsync(id, TimeSpan.FromSeconds(90));
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(ClearanceStage.Cleared, done.ReadOutputAs<ClearanceResult>()!.Stage);
        var registration = (await host.Store.GetAsync(id, CancellationToken.None)).Value;
        Assert.Equal("cleared", registration.Steps[^1].Step);
        Assert.StartsWith("forms-signed-", registration.Steps[^2].Step, StringComparison.Ordinal);
        Assert.Null(registration.FollowUp);
        Assert.Empty(registration.Forms.Missing(Required));
    }

    [Fact]
    public async Task Sign_ReplayedRequest_OneSignatureAndThePdfHashMatchesTheRecord()
    {
        await using var host = await StartAsync();
        var forms = host.Services.GetRequiredService<FormOperations>();
        var id = await SubmitAsync(host);
        var token = await TokenAsync(host, id);

        var first = await forms.SignAsync(host.Client, token, FormKind.ConsentToTreat, Signing("replay-request-1"), CancellationToken.None);
        var again = await forms.SignAsync(host.Client, token, FormKind.ConsentToTreat, Signing("replay-request-1"), CancellationToken.None);

        Assert.False(first.Replayed);
        Assert.True(again.Replayed);
        Assert.Equal(first.SignatureId, again.SignatureId);
        var registration = (await host.Store.GetAsync(id, CancellationToken.None)).Value;
        var signature = Assert.Single(registration.Forms.Signatures);
        Assert.Equal((signature.LinkId, signature.Method, signature.TemplateId), (signature.LinkId, SignatureMethod.Electronic, $"ConsentToTreat@{FormTemplates.CurrentVersion}/en"));
        Assert.Equal(FormTemplates.Current(FormKind.ConsentToTreat, "en").TextSha256, signature.TextSha256);
        Assert.NotNull(signature.LinkId);

        var (pdf, contentType) = await forms.GetDocumentAsync(token, FormKind.ConsentToTreat, CancellationToken.None);
        Assert.Equal("application/pdf", contentType);
        Assert.Equal("%PDF-"u8.ToArray(), pdf[..5]);
        Assert.Equal(signature.DocumentSha256, Convert.ToHexStringLower(SHA256.HashData(pdf)));
        Assert.Equal(first.DocumentSha256, signature.DocumentSha256);
    }

    [Fact]
    public async Task GetDocument_StoredBytesChanged_RefusedAsAltered()
    {
        await using var host = await StartAsync();
        var forms = host.Services.GetRequiredService<FormOperations>();
        var id = await SubmitAsync(host);
        var token = await TokenAsync(host, id);
        await forms.SignAsync(host.Client, token, FormKind.FinancialResponsibility, Signing("tamper-request-1"), CancellationToken.None);
        var signature = (await host.Store.GetAsync(id, CancellationToken.None)).Value.Forms.Signatures[0];

        // Azurite does not enforce the immutability policy Azure's container has; write behind the application's back.
        var blob = new BlobServiceClient(TestServers.AzuriteConnection).GetBlobContainerClient(BlobSignedDocumentStore.Container).GetBlobClient(signature.DocumentBlobName);
        await blob.UploadAsync(new BinaryData("%PDF-1.7 altered"u8.ToArray()), overwrite: true);

        await Assert.ThrowsAsync<SignedDocumentAlteredException>(() => forms.GetDocumentAsync(id, FormKind.FinancialResponsibility, CancellationToken.None));
    }

    [Fact]
    public async Task PutOnce_SecondWriteUnderTheSameName_FirstStandsAndItsHashIsAnswered()
    {
        var store = new BlobSignedDocumentStore(new BlobServiceClient(TestServers.AzuriteConnection));
        var name = $"test/{Guid.NewGuid():N}.pdf";

        var first = await store.PutOnceAsync(name, "%PDF-first"u8.ToArray(), "application/pdf", CancellationToken.None);
        var second = await store.PutOnceAsync(name, "%PDF-second"u8.ToArray(), "application/pdf", CancellationToken.None);

        Assert.Equal(first, second);
        Assert.Equal("%PDF-first"u8.ToArray(), (await store.ReadVerifiedAsync(name, first, CancellationToken.None)).Content);
    }

    [Fact]
    public async Task Clearance_StillUnsignedTheDayBeforeTheVisit_WorkItemForASpecialist()
    {
        // The clock stands two seconds before "the day before the visit"; the durable timer then fires two seconds later.
        var visitAt = DateTimeOffset.UtcNow.AddDays(10);
        var form = Samples.ActiveMember();
        form = form with { Appointment = form.Appointment! with { ScheduledAt = visitAt.ToString("yyyy-MM-ddTHH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture) } };
        var clock = new FakeTimeProvider(visitAt.AddDays(-1).AddSeconds(-2));
        clock.AutoAdvanceAmount = TimeSpan.FromMilliseconds(1);
        await using var host = await StartAsync(clock);
        var id = (await host.Registrations.SubmitAsync(host.Client, Guid.NewGuid().ToString(), form, Samples.Body(form), CancellationToken.None)).RegistrationId;
        await PastTheCardAsync(host, id);

        var attention = await host.WaitForAsync(id, s => s.OpenWorkItemId?.EndsWith("forms-unsigned-1", StringComparison.Ordinal) == true, "the forms work item");

        var item = (await host.Services.GetRequiredService<IWorkItemStore>().GetAsync(id.Value, attention.OpenWorkItemId!, CancellationToken.None)).Value;
        Assert.Equal(WorkItemReason.FormsUnsigned, item.Reason);
        Assert.Contains("the day before the visit", item.Explanation, StringComparison.Ordinal);
    }
}
