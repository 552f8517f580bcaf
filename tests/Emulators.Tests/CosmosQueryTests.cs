using Microsoft.Azure.Cosmos;
using static PatientAccess.Emulators.Tests.CosmosTestData;

namespace PatientAccess.Emulators.Tests;

[Collection(CosmosEmulatorTests.Name)]
public sealed class CosmosQueryTests(CosmosEmulatorFixture fixture)
{
    [Fact]
    public async Task Query_WithPartitionKey_ReturnsOnlyThatPartition()
    {
        var container = await SeededContainerAsync(fixture, "q-pk");

        var items = await QueryAllAsync<TestItem>(
            container,
            new QueryDefinition("SELECT * FROM c"),
            new QueryRequestOptions { PartitionKey = new PartitionKey("p-b") });

        Assert.Equal(["i2", "i3"], items.Select(i => i.Id).Order());
    }

    [Fact]
    public async Task Query_CrossPartitionOrderBy_ReturnsItemsInOrderAcrossPages()
    {
        var container = await SeededContainerAsync(fixture, "q-order");
        var paged = new QueryRequestOptions { MaxItemCount = 2 };

        var ascending = await QueryAllAsync<TestItem>(container, new QueryDefinition("SELECT * FROM c ORDER BY c.n"), paged);
        var descending = await QueryAllAsync<TestItem>(container, new QueryDefinition("SELECT * FROM c ORDER BY c.n DESC"), paged);

        Assert.Equal([1, 2, 3, 4, 5], ascending.Select(i => i.N));
        Assert.Equal([5, 4, 3, 2, 1], descending.Select(i => i.N));
    }

    [Fact]
    public async Task Query_ValueCount_ReturnsNumberOfItems()
    {
        var container = await SeededContainerAsync(fixture, "q-count");

        var all = await QueryAllAsync<int>(container, new QueryDefinition("SELECT VALUE COUNT(1) FROM c"));
        var filtered = await QueryAllAsync<int>(
            container, new QueryDefinition("SELECT VALUE COUNT(1) FROM c WHERE c.tag = @tag").WithParameter("@tag", "red"));

        Assert.Equal([5], all);
        Assert.Equal([2], filtered);
    }

    [Fact]
    public async Task Query_Top_ReturnsFirstItemsOfTheOrder()
    {
        var container = await SeededContainerAsync(fixture, "q-top");

        var items = await QueryAllAsync<TestItem>(container, new QueryDefinition("SELECT TOP 2 * FROM c ORDER BY c.n DESC"));

        Assert.Equal([5, 4], items.Select(i => i.N));
    }

    [Fact]
    public async Task Query_OffsetLimit_ReturnsTheRequestedSlice()
    {
        var container = await SeededContainerAsync(fixture, "q-offset");

        var items = await QueryAllAsync<TestItem>(
            container,
            new QueryDefinition("SELECT * FROM c ORDER BY c.n OFFSET @skip LIMIT @take").WithParameter("@skip", 1).WithParameter("@take", 2));

        Assert.Equal([2, 3], items.Select(i => i.N));
    }

    [Fact]
    public async Task Query_DistinctValue_ReturnsEachValueOnce()
    {
        var container = await SeededContainerAsync(fixture, "q-distinct");

        var tags = await QueryAllAsync<string>(container, new QueryDefinition("SELECT DISTINCT VALUE c.tag FROM c"));

        Assert.Equal(["blue", "green", "red"], tags.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Query_Linq_WhereOrderByTranslatesAndRuns()
    {
        var container = await SeededContainerAsync(fixture, "q-linq");

        var query = container.GetItemLinqQueryable<TestItem>()
            .Where(i => i.Tag == "blue" || i.N == 1)
            .OrderByDescending(i => i.N);
        var items = new List<TestItem>();
        using (var iterator = Microsoft.Azure.Cosmos.Linq.CosmosLinqExtensions.ToFeedIterator(query))
        {
            while (iterator.HasMoreResults)
            {
                items.AddRange(await iterator.ReadNextAsync());
            }
        }

        Assert.Equal([4, 3, 1], items.Select(i => i.N));
    }

    [Fact]
    public async Task ReadMany_MixOfExistingAndMissing_ReturnsTheExistingItems()
    {
        var container = await SeededContainerAsync(fixture, "q-readmany");

        var response = await container.ReadManyItemsAsync<TestItem>(
        [
            ("i1", new PartitionKey("p-a")),
            ("i3", new PartitionKey("p-b")),
            ("i5", new PartitionKey("p-c")),
            ("i2", new PartitionKey("p-a")),
            ("zz", new PartitionKey("p-a")),
        ]);

        Assert.Equal(["i1", "i3", "i5"], response.Resource.Select(i => i.Id).Order(StringComparer.Ordinal));
    }
}
