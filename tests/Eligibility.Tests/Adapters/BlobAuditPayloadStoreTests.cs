using Azure.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;
using PatientAccess.Domain.Eligibility;
using PatientAccess.Eligibility.Tests.Infrastructure;
using PatientAccess.Integrations.Eligibility;

namespace PatientAccess.Eligibility.Tests.Adapters;

/// <summary>The audit payload store against Azurite (127.0.0.1:10000).</summary>
public sealed class BlobAuditPayloadStoreTests
{
    [Fact]
    public async Task Save_TwiceWithSameName_KeepsOneBlobWithTheLastContent()
    {
        await using var services = Gateways.Build(new Uri("http://127.0.0.1:9/"), ClearinghouseMode.Core);
        var store = services.GetRequiredService<IAuditPayloadStore>();
        var container = "eligibility-tests-" + Guid.NewGuid().ToString("N")[..12];
        var name = $"{Guid.NewGuid():N}/20261128T120000000Z-1.x12";

        await store.SaveAsync(container, name, "ISA*first~"u8.ToArray(), "application/edi-x12", CancellationToken.None);
        await store.SaveAsync(container, name, "ISA*second~"u8.ToArray(), "application/edi-x12", CancellationToken.None);

        var client = new BlobServiceClient(LocalServers.AzuriteConnectionString).GetBlobContainerClient(container);
        try
        {
            var blobs = new List<string>();
            await foreach (var b in client.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, null, CancellationToken.None)) blobs.Add(b.Name);
            Assert.Equal([name], blobs);
            var content = await client.GetBlobClient(name).DownloadContentAsync();
            Assert.Equal("ISA*second~", content.Value.Content.ToString());
            Assert.Equal("application/edi-x12", content.Value.Details.ContentType);
        }
        finally
        {
            await client.DeleteIfExistsAsync();
        }
    }
}
