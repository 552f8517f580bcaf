using System.Net;
using Microsoft.Azure.Cosmos;

namespace PatientAccess.Emulators.Tests;

[Collection(CosmosEmulatorTests.Name)]
public sealed class CosmosItemTests(CosmosEmulatorFixture fixture)
{
    [Fact]
    public async Task CreateIfNotExists_CalledTwice_CreatesOnceAndKeepsPartitionKeyAndIndexingPolicy()
    {
        var database = await fixture.Client.CreateDatabaseIfNotExistsAsync(fixture.DatabaseId);
        Assert.Equal(HttpStatusCode.OK, database.StatusCode);

        var id = "idem-" + Guid.NewGuid().ToString("N");
        var properties = new ContainerProperties(id, "/pk")
        {
            IndexingPolicy = new IndexingPolicy
            {
                IndexingMode = IndexingMode.Consistent,
                IncludedPaths = { new IncludedPath { Path = "/*" } },
                ExcludedPaths = { new ExcludedPath { Path = "/tag/?" } },
            },
        };

        var first = await database.Database.CreateContainerIfNotExistsAsync(properties);
        var second = await database.Database.CreateContainerIfNotExistsAsync(properties);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal("/pk", second.Resource.PartitionKeyPath);
        Assert.Contains(second.Resource.IndexingPolicy.ExcludedPaths, p => p.Path == "/tag/?");
    }

    [Fact]
    public async Task UpsertItem_ThenReadItem_ReturnsTheItemWithItsETag()
    {
        var container = await fixture.NewContainerAsync("crud");
        var item = new TestItem("a1", "p1", 7, "x");

        var upserted = await container.UpsertItemAsync(item, new PartitionKey("p1"));
        var read = await container.ReadItemAsync<TestItem>("a1", new PartitionKey("p1"));

        Assert.Equal(HttpStatusCode.Created, upserted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(item, read.Resource);
        Assert.False(string.IsNullOrEmpty(read.ETag));
        Assert.Equal(upserted.ETag, read.ETag);

        var again = await container.UpsertItemAsync(item with { N = 8 }, new PartitionKey("p1"));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.NotEqual(upserted.ETag, again.ETag);
        Assert.Equal(8, (await container.ReadItemAsync<TestItem>("a1", new PartitionKey("p1"))).Resource.N);
    }

    [Fact]
    public async Task ReadItem_Missing_ThrowsNotFound()
    {
        var container = await fixture.NewContainerAsync("missing");

        var ex = await Assert.ThrowsAsync<CosmosException>(
            () => container.ReadItemAsync<TestItem>("nope", new PartitionKey("p1")));

        Assert.Equal(HttpStatusCode.NotFound, ex.StatusCode);
    }

    [Fact]
    public async Task ReadItem_WrongPartitionKey_ThrowsNotFound()
    {
        var container = await fixture.NewContainerAsync("wrongpk");
        await container.CreateItemAsync(new TestItem("a1", "p1", 1), new PartitionKey("p1"));

        var ex = await Assert.ThrowsAsync<CosmosException>(
            () => container.ReadItemAsync<TestItem>("a1", new PartitionKey("p2")));

        Assert.Equal(HttpStatusCode.NotFound, ex.StatusCode);
    }

    [Fact]
    public async Task ReplaceItem_StaleETag_ThrowsPreconditionFailedAndCurrentETagSucceeds()
    {
        var container = await fixture.NewContainerAsync("etag");
        var created = await container.CreateItemAsync(new TestItem("a1", "p1", 1), new PartitionKey("p1"));
        var updated = await container.ReplaceItemAsync(
            new TestItem("a1", "p1", 2), "a1", new PartitionKey("p1"), new ItemRequestOptions { IfMatchEtag = created.ETag });

        var stale = await Assert.ThrowsAsync<CosmosException>(() => container.ReplaceItemAsync(
            new TestItem("a1", "p1", 3), "a1", new PartitionKey("p1"), new ItemRequestOptions { IfMatchEtag = created.ETag }));
        var staleUpsert = await Assert.ThrowsAsync<CosmosException>(() => container.UpsertItemAsync(
            new TestItem("a1", "p1", 3), new PartitionKey("p1"), new ItemRequestOptions { IfMatchEtag = created.ETag }));
        var staleDelete = await Assert.ThrowsAsync<CosmosException>(() => container.DeleteItemAsync<TestItem>(
            "a1", new PartitionKey("p1"), new ItemRequestOptions { IfMatchEtag = created.ETag }));
        var current = await container.ReplaceItemAsync(
            new TestItem("a1", "p1", 4), "a1", new PartitionKey("p1"), new ItemRequestOptions { IfMatchEtag = updated.ETag });

        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, staleUpsert.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, staleDelete.StatusCode);
        Assert.Equal(HttpStatusCode.OK, current.StatusCode);
        Assert.Equal(4, (await container.ReadItemAsync<TestItem>("a1", new PartitionKey("p1"))).Resource.N);
    }

    [Fact]
    public async Task DeleteItem_Existing_RemovesItAndSecondDeleteIsNotFound()
    {
        var container = await fixture.NewContainerAsync("delete");
        await container.CreateItemAsync(new TestItem("a1", "p1", 1), new PartitionKey("p1"));

        var deleted = await container.DeleteItemAsync<TestItem>("a1", new PartitionKey("p1"));
        var read = await Assert.ThrowsAsync<CosmosException>(
            () => container.ReadItemAsync<TestItem>("a1", new PartitionKey("p1")));
        var again = await Assert.ThrowsAsync<CosmosException>(
            () => container.DeleteItemAsync<TestItem>("a1", new PartitionKey("p1")));

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
    }

    [Fact]
    public async Task PatchItem_SetAndIncrement_UpdatesItemAndMissingItemIsNotFound()
    {
        var container = await fixture.NewContainerAsync("patch");
        var created = await container.CreateItemAsync(new TestItem("a1", "p1", 1), new PartitionKey("p1"));

        var patched = await container.PatchItemAsync<TestItem>(
            "a1",
            new PartitionKey("p1"),
            [PatchOperation.Set("/tag", "done"), PatchOperation.Increment("/n", 2)],
            new PatchItemRequestOptions { IfMatchEtag = created.ETag });
        var missing = await Assert.ThrowsAsync<CosmosException>(() => container.PatchItemAsync<TestItem>(
            "a1", new PartitionKey("p2"), [PatchOperation.Set("/tag", "x")]));

        Assert.Equal(new TestItem("a1", "p1", 3, "done"), patched.Resource);
        Assert.NotEqual(created.ETag, patched.ETag);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task CreateItem_DuplicateId_ThrowsConflict()
    {
        var container = await fixture.NewContainerAsync("conflict");
        await container.CreateItemAsync(new TestItem("a1", "p1", 1), new PartitionKey("p1"));

        var ex = await Assert.ThrowsAsync<CosmosException>(
            () => container.CreateItemAsync(new TestItem("a1", "p1", 2), new PartitionKey("p1")));
        var otherPartition = await container.CreateItemAsync(new TestItem("a1", "p2", 3), new PartitionKey("p2"));

        Assert.Equal(HttpStatusCode.Conflict, ex.StatusCode);
        Assert.Equal(HttpStatusCode.Created, otherPartition.StatusCode);
    }

    [Fact]
    public async Task PointReads_OnOneClient_ReuseOneConnection()
    {
        var connections = 0;
        using var client = EmulatorCosmosClient.Create(fixture.Endpoint, onConnect: () => Interlocked.Increment(ref connections));
        var container = client.GetContainer(fixture.DatabaseId, (await fixture.NewContainerAsync("keepalive")).Id);
        await container.CreateItemAsync(new TestItem("a1", "p1", 1), new PartitionKey("p1"));
        var afterWarmUp = Volatile.Read(ref connections);

        for (var i = 0; i < 20; i++)
        {
            await container.ReadItemAsync<TestItem>("a1", new PartitionKey("p1"));
        }

        // The counter proves the callback sees connections at all; the reads must then open none.
        Assert.True(afterWarmUp >= 1, "the connect callback never ran");
        Assert.Equal(afterWarmUp, Volatile.Read(ref connections));
    }
}
