using Azure.Storage;
using Azure.Storage.Blobs;

namespace PatientAccess.Emulators.Tests;

public sealed class AzuriteBlobTests
{
    private const string AccountName = "devstoreaccount1";
    private const string WellKnownKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    [Fact]
    public async Task Blob_UploadThenDownload_ReturnsSameBytes()
    {
        var value = Environment.GetEnvironmentVariable("AZURITE_BLOB_ENDPOINT");
        var endpoint = new Uri(string.IsNullOrWhiteSpace(value) ? "http://127.0.0.1:10000/devstoreaccount1" : value);
        var service = new BlobServiceClient(endpoint, new StorageSharedKeyCredential(AccountName, WellKnownKey));
        var container = service.GetBlobContainerClient("emulator-tests-" + Guid.NewGuid().ToString("N")[..12]);
        var payload = BinaryData.FromBytes(Enumerable.Range(0, 4096).Select(i => (byte)(i * 7)).ToArray());

        await container.CreateAsync();
        try
        {
            var blob = container.GetBlobClient("card/front.bin");
            await blob.UploadAsync(payload);
            var downloaded = await blob.DownloadContentAsync();

            Assert.Equal(payload.ToArray(), downloaded.Value.Content.ToArray());
        }
        finally
        {
            await container.DeleteIfExistsAsync();
        }
    }
}
