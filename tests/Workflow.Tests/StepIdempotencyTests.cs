using System.Net.Http.Json;
using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PatientAccess.Domain.Cards;
using PatientAccess.Domain.Eligibility;
using PatientAccess.Domain.Ports;
using PatientAccess.Domain.Registrations;
using PatientAccess.Domain.WorkItems;
using PatientAccess.Workflow.Cards;
using PatientAccess.Workflow.Clearance;
using PatientAccess.Workflow.Eligibility;
using PatientAccess.Workflow.Notifications;

namespace PatientAccess.Workflow.Tests;

/// <summary>
/// A message redelivered after a crash runs an activity again, possibly minutes after the clearance went on. Each
/// activity here runs twice (or late) against the Cosmos emulator, Azurite and the payer sandbox, and must leave the
/// registration, the worklist and the payer as if it had run once.
/// </summary>
public sealed class StepIdempotencyTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;
    private ServiceProvider _services = null!;

    private IRegistrationStore Registrations => _services.GetRequiredService<IRegistrationStore>();

    public Task InitializeAsync()
    {
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddEmulatorStores(TestServers.NewDatabaseName("steps"));
        services.AddOptions<ReminderOptions>();
        _services = services.BuildServiceProvider();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _services.DisposeAsync();

    private sealed class Context(string instanceId, string name) : TaskActivityContext
    {
        public override TaskName Name => new(name);

        public override string InstanceId => instanceId;
    }

    private async Task<Registration> StoreAsync(RegistrationForm form)
    {
        var registration = form.Validate(RegistrationId.New(Guid.NewGuid()), Now);
        Assert.True(await Registrations.TryCreateAsync(registration, CancellationToken.None));
        return registration;
    }

    private async Task<Registration> ReadAsync(Registration registration) => (await Registrations.GetAsync(registration.Id, CancellationToken.None)).Value;

    private T Activity<T>(params object[] extra) => ActivatorUtilities.CreateInstance<T>(_services, extra);

    private static async Task<JsonElement> PayerCallsAsync(RegistrationId id)
    {
        using var http = new HttpClient { BaseAddress = TestServers.Sandbox.BaseAddress };
        return await http.GetFromJsonAsync<JsonElement>($"sandbox/calls?prefix={id.Value}");
    }

    [Fact]
    public async Task CheckEligibility_SameStepTwice_AsksThePayerOnceAndReturnsTheSameDecision()
    {
        var registration = await StoreAsync(Samples.ActiveMember());
        var activity = Activity<CheckEligibilityActivity>();
        var round = new Context($"{registration.Id.ClearanceInstanceId}-eligibility-1", nameof(CheckEligibilityActivity));
        var request = new EligibilityCheckRequest(registration.Id.Value, EligibilityAttemptKind.Primary);

        var first = await activity.RunAsync(round, request);
        var again = await activity.RunAsync(round, request);

        Assert.Equal(EligibilityVerdict.Verified, first.Verdict);
        Assert.Equal(first, again);
        var calls = await PayerCallsAsync(registration.Id);
        Assert.Equal(1, calls.GetProperty("total").GetInt32());
        Assert.Single(await AuditBlobsAsync(registration.Id));

        // A new round is a new question.
        await activity.RunAsync(new Context($"{registration.Id.ClearanceInstanceId}-eligibility-2", nameof(CheckEligibilityActivity)), request);
        calls = await PayerCallsAsync(registration.Id);
        Assert.Equal(2, calls.GetProperty("total").GetInt32());
        Assert.All(calls.GetProperty("calls").EnumerateArray(), c => Assert.Equal(1, c.GetProperty("count").GetInt32()));
    }

    [Fact]
    public async Task CheckEligibility_VisitCancelledBeforeTheRoundAsks_NoPayerCallAndNothingRecorded()
    {
        var registration = await StoreAsync(Samples.ActiveMember());
        var current = await Registrations.GetAsync(registration.Id, CancellationToken.None);
        await Registrations.ReplaceAsync(Cancelled(current.Value), current.ETag, CancellationToken.None);
        var activity = Activity<CheckEligibilityActivity>();

        var result = await activity.RunAsync(new Context($"{registration.Id.ClearanceInstanceId}-eligibility-1", nameof(CheckEligibilityActivity)),
            new EligibilityCheckRequest(registration.Id.Value, EligibilityAttemptKind.Primary));

        Assert.Equal((EligibilityVerdict.NeedsSpecialist, EligibilityDecisions.ReasonVisitCancelled), (result.Verdict, result.ReasonCode));
        Assert.Equal(0, (await PayerCallsAsync(registration.Id)).GetProperty("total").GetInt32());
        var stored = await ReadAsync(registration);
        Assert.Null(stored.Eligibility);
        Assert.Empty(stored.CompletedSteps);
    }

    private static Registration Cancelled(Registration registration)
    {
        registration.Cancel(new VisitCancellation("patient cancelled by phone", Now, "scheduler-2", false));
        return registration;
    }

    [Fact]
    public async Task RecordProgress_OlderStepArrivesAfterANewerOne_StageStepsAndRemindersStay()
    {
        var registration = await StoreAsync(Samples.Form());
        var activity = Activity<RecordProgressActivity>();
        var context = new Context(registration.Id.ClearanceInstanceId, nameof(RecordProgressActivity));
        var id = registration.Id.Value;

        await activity.RunAsync(context, new ProgressUpdate(id, ClearanceStage.AwaitingCard, "await-card-1", "waiting", "InsuranceCard", PatientTask.UploadCard, 2));
        await activity.RunAsync(context, new ProgressUpdate(id, ClearanceStage.EligibilityVerified, "eligibility-1", "coverage-active", null, null, 5));
        // The card-received step's message, held by a killed process, runs again minutes later.
        await activity.RunAsync(context, new ProgressUpdate(id, ClearanceStage.CardReceived, "card-received-1", "front image recorded", null, null, 3));

        var stored = await ReadAsync(registration);
        Assert.Equal(ClearanceStage.EligibilityVerified, stored.Stage);
        Assert.Equal(5, stored.StepSequence);
        Assert.DoesNotContain(stored.Steps, s => s.Step == "card-received-1");
        Assert.Null(stored.FollowUp);
    }

    [Fact]
    public async Task OpenWorkItem_ItemResolvedThenTheMessageRunsAgain_NothingMovesBack()
    {
        var registration = await StoreAsync(Samples.Form());
        var context = new Context(registration.Id.ClearanceInstanceId, nameof(OpenWorkItemActivity));
        var id = registration.Id.Value;
        var request = new WorkItemRequest(id, "card-deadline-1", WorkItemReason.CardNotReceived, "No card.", "Call the patient.", Sequence: 2);
        var workItemId = (await Activity<OpenWorkItemActivity>().RunAsync(context, request)).Read<string>();
        Assert.Equal(ClearanceStage.NeedsAttention, (await ReadAsync(registration)).Stage);

        // The specialist resolves it and the clearance goes on.
        var workItems = _services.GetRequiredService<IWorkItemStore>();
        var item = await workItems.GetAsync(id, workItemId, CancellationToken.None);
        await workItems.ReplaceAsync(item.Value.Resolve("specialist-1", ResolutionAction.Continue, null, DateTimeOffset.UtcNow), item.ETag, CancellationToken.None);
        await Activity<RecordProgressActivity>().RunAsync(context, new ProgressUpdate(id, ClearanceStage.EligibilityVerified, "eligibility-1", "coverage-active", null, null, 4));

        // The open message runs again late, even one that carries no sequence number.
        Assert.Equal(workItemId, (await Activity<OpenWorkItemActivity>().RunAsync(context, request)).Read<string>());
        Assert.Equal(workItemId, (await Activity<OpenWorkItemActivity>().RunAsync(context, request with { Sequence = null })).Read<string>());

        var stored = await ReadAsync(registration);
        Assert.Equal(ClearanceStage.EligibilityVerified, stored.Stage);
        Assert.Null(stored.OpenWorkItemId);
        Assert.Equal(WorkItemStatus.Resolved, (await workItems.GetAsync(id, workItemId, CancellationToken.None)).Value.Status);
        Assert.DoesNotContain(await workItems.ListOpenAsync(null, 500, CancellationToken.None), w => w.RegistrationId == id);
    }

    /// <summary>
    /// A kill between an episode's messages and its history: the deadline branch's work-item activity (a stray) and the
    /// card branch of the re-run take the same sequence number. Whichever runs first, the clearance ends on the card
    /// branch with no item left open: a stray that comes second opens nothing; one that came first makes the card step
    /// refused, the orchestration asks it again with a newer number, and that closes the stray's item.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task OpenWorkItem_StrayOfAnotherBranchTakesTheSameNumber_NoItemLeftOpen(bool strayFirst)
    {
        var registration = await StoreAsync(Samples.Form());
        var context = new Context(registration.Id.ClearanceInstanceId, nameof(OpenWorkItemActivity));
        var id = registration.Id.Value;
        var stray = new WorkItemRequest(id, "card-deadline-1", WorkItemReason.CardNotReceived, "No card.", "Call the patient.", Sequence: 3);
        var cardStep = new ProgressUpdate(id, ClearanceStage.CardReceived, "card-received-1", "front image recorded", null, null, 3);
        var progress = Activity<RecordProgressActivity>();

        if (strayFirst) await Activity<OpenWorkItemActivity>().RunAsync(context, stray);
        var answer = await progress.RunAsync(context, cardStep);
        if (!strayFirst) Assert.True((await Activity<OpenWorkItemActivity>().RunAsync(context, stray)).Refused);
        Assert.Equal(strayFirst, answer.Refused);
        if (answer.Refused) Assert.False((await progress.RunAsync(context, cardStep with { Sequence = 4 })).Refused);

        var stored = await ReadAsync(registration);
        Assert.Equal(ClearanceStage.CardReceived, stored.Stage);
        Assert.Null(stored.OpenWorkItemId);
        var workItems = _services.GetRequiredService<IWorkItemStore>();
        Assert.DoesNotContain(await workItems.ListOpenAsync(null, 500, CancellationToken.None), w => w.RegistrationId == id);
    }

    [Fact]
    public async Task ReadCard_SameStepTwice_ReadsThePhotoOnce()
    {
        var registration = await StoreAsync(Samples.Form());
        var reader = new CountingReader();
        var activity = Activity<ReadCardActivity>(new OnePhoto(), reader);
        var context = new Context(registration.Id.ClearanceInstanceId, nameof(ReadCardActivity));
        var request = new ReadCardRequest(registration.Id.Value, "insurance-cards/r/front-1.jpg", "card-ocr-1");

        var first = (await activity.RunAsync(context, request)).Read<ReadCardResult>();
        var again = (await activity.RunAsync(context, request)).Read<ReadCardResult>();

        Assert.Equal(CardReadOutcome.Unreadable, first.Outcome);
        Assert.Equal(first, again);
        Assert.Equal(1, reader.Reads);
        var stored = await ReadAsync(registration);
        Assert.Single(stored.CompletedSteps);
        var read = Assert.Single(stored.CardReads);
        Assert.Equal((CardReadStatus.Unreadable, nameof(CardRejectionCode.Corrupt)), (read.Status, read.ReasonCode));
    }

    [Fact]
    public async Task ReadCard_SamePhotoUnderAnotherStep_KeepsOneReadRecord()
    {
        var registration = await StoreAsync(Samples.Form());
        var reader = new CountingReader();
        var activity = Activity<ReadCardActivity>(new OnePhoto(), reader);
        var context = new Context(registration.Id.ClearanceInstanceId, nameof(ReadCardActivity));
        const string blob = "insurance-cards/r/front-1.jpg";

        await activity.RunAsync(context, new ReadCardRequest(registration.Id.Value, blob, "card-ocr-1"));
        await activity.RunAsync(context, new ReadCardRequest(registration.Id.Value, blob, "card-ocr-2"));

        var stored = await ReadAsync(registration);
        Assert.Equal(2, reader.Reads);
        Assert.Equal(2, stored.CompletedSteps.Count);
        Assert.Equal(blob, Assert.Single(stored.CardReads).BlobName);
    }

    private static async Task<List<string>> AuditBlobsAsync(RegistrationId id)
    {
        var container = new BlobServiceClient(TestServers.AzuriteConnection).GetBlobContainerClient(EligibilityAudit.Container);
        var names = new List<string>();
        await foreach (var blob in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, id.Value + "/", CancellationToken.None)) names.Add(blob.Name);
        return names;
    }

    /// <summary>A card reader (our port) that counts reads and finds every photo too blurred.</summary>
    private sealed class CountingReader : ICardReader
    {
        public int Reads { get; private set; }

        public Task<InsuranceCard> ReadAsync(ReadOnlyMemory<byte> image, string contentType, CancellationToken cancellationToken)
        {
            Reads++;
            throw new CardUnreadableException("test", CardRejectionCode.Corrupt, "too blurred");
        }
    }

    /// <summary>The card image store (our port) with one small accepted photo in it.</summary>
    private sealed class OnePhoto : ICardImageStore
    {
        public Task<byte[]?> ReadAcceptedAsync(string blobName, long maxBytes, CancellationToken cancellationToken) =>
            Task.FromResult<byte[]?>(File.ReadAllBytes(Path.Combine(TestServers.RepoRoot(), "samples", "cards", "card-1000-commercial-ppo-clean.jpg")));

        public Task<Uri> CreateUploadUrlAsync(string blobName, TimeSpan lifetime, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<CardUpload> ReadUploadAsync(string blobName, long maxBytes, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task DeleteUploadAsync(string blobName, string etag, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task QuarantineAsync(string blobName, string reasonCode, CancellationToken cancellationToken) => throw new NotSupportedException();

        public IAsyncEnumerable<string> ListUploadsAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task StoreAcceptedAsync(string blobName, byte[] content, string contentType, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<Uri> CreateReadUrlAsync(string blobName, TimeSpan lifetime, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
