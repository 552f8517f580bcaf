using System.Net;
using Microsoft.Azure.Cosmos;
using static PatientAccess.Emulators.Tests.CosmosTestData;

namespace PatientAccess.Emulators.Tests;

[Collection(CosmosEmulatorTests.Name)]
public sealed class CosmosTtlAndChangeFeedTests(CosmosEmulatorFixture fixture)
{
    // TTLs are 5 s: the item must still be there when it is read back right after it was written, which took over 2 s
    // at load 40 (a 2 s TTL failed so); waiting 7 s is past expiry with room for the same busy machine.
    private const int TtlSeconds = 5;
    private static readonly TimeSpan PastExpiry = TimeSpan.FromSeconds(7);

    [Fact]
    public async Task ItemTtl_Elapsed_ItemIsGoneFromReadsAndQueriesButOthersStay()
    {
        var container = await fixture.NewContainerAsync("ttl-item", defaultTimeToLive: -1);
        await container.CreateItemAsync(new TestItem("forever", "p1", 2), new PartitionKey("p1"));
        await container.CreateItemAsync(new TestItem("short", "p1", 1, Ttl: TtlSeconds), new PartitionKey("p1"));
        var before = await container.ReadItemAsync<TestItem>("short", new PartitionKey("p1"));

        await Task.Delay(PastExpiry);

        var read = await Assert.ThrowsAsync<CosmosException>(
            () => container.ReadItemAsync<TestItem>("short", new PartitionKey("p1")));
        var remaining = await QueryAllAsync<TestItem>(container, new QueryDefinition("SELECT * FROM c"));
        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        Assert.Equal(["forever"], remaining.Select(i => i.Id));
    }

    [Fact]
    public async Task ContainerDefaultTtl_Elapsed_ItemsExpireUnlessItemSaysNever()
    {
        var container = await fixture.NewContainerAsync("ttl-default", defaultTimeToLive: TtlSeconds);
        await container.CreateItemAsync(new TestItem("never", "p1", 2, Ttl: -1), new PartitionKey("p1"));
        await container.CreateItemAsync(new TestItem("default", "p1", 1), new PartitionKey("p1"));
        var before = await QueryAllAsync<TestItem>(container, new QueryDefinition("SELECT * FROM c"));

        await Task.Delay(PastExpiry);

        var after = await QueryAllAsync<TestItem>(container, new QueryDefinition("SELECT * FROM c"));
        var read = await Assert.ThrowsAsync<CosmosException>(
            () => container.ReadItemAsync<TestItem>("default", new PartitionKey("p1")));
        Assert.Equal(2, before.Count);
        Assert.Equal(["never"], after.Select(i => i.Id));
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
    }

    [Fact]
    public async Task ChangeFeed_FromBeginningThenContinuation_ReturnsOnlyNewChanges()
    {
        var container = await SeededContainerAsync(fixture, "feed");

        var (first, token) = await DrainAsync(container, ChangeFeedStartFrom.Beginning());
        await container.UpsertItemAsync(new TestItem("i2", "p-b", 20, "green"), new PartitionKey("p-b"));
        await container.CreateItemAsync(new TestItem("i6", "p-a", 6), new PartitionKey("p-a"));
        var (second, token2) = await DrainAsync(container, ChangeFeedStartFrom.ContinuationToken(token));
        var (third, _) = await DrainAsync(container, ChangeFeedStartFrom.ContinuationToken(token2));

        Assert.Equal(["i1", "i2", "i3", "i4", "i5"], first.Select(i => i.Id).Order(StringComparer.Ordinal));
        Assert.Equal(["i2", "i6"], second.Select(i => i.Id).Order(StringComparer.Ordinal));
        Assert.Equal(20, second.Single(i => i.Id == "i2").N);
        Assert.Empty(third);
    }

    private static async Task<(List<TestItem> Items, string Continuation)> DrainAsync(Container container, ChangeFeedStartFrom start)
    {
        var items = new List<TestItem>();
        using var iterator = container.GetChangeFeedIterator<TestItem>(start, ChangeFeedMode.LatestVersion);
        while (iterator.HasMoreResults)
        {
            var page = await iterator.ReadNextAsync();
            if (page.StatusCode == HttpStatusCode.NotModified)
            {
                return (items, page.ContinuationToken);
            }

            items.AddRange(page);
        }

        throw new InvalidOperationException("The change feed iterator ended without reporting NotModified.");
    }
}
