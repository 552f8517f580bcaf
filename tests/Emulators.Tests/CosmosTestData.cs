using Microsoft.Azure.Cosmos;

namespace PatientAccess.Emulators.Tests;

internal static class CosmosTestData
{
    /// <summary>Five items over three partitions, written in an order that differs from <c>N</c>.</summary>
    public static readonly TestItem[] Five =
    [
        new("i3", "p-b", 3, "blue"),
        new("i1", "p-a", 1, "red"),
        new("i5", "p-c", 5, "red"),
        new("i2", "p-b", 2, "green"),
        new("i4", "p-a", 4, "blue"),
    ];

    public static async Task<Container> SeededContainerAsync(CosmosEmulatorFixture fixture, string prefix)
    {
        var container = await fixture.NewContainerAsync(prefix);
        foreach (var item in Five)
        {
            await container.CreateItemAsync(item, new PartitionKey(item.Pk));
        }

        return container;
    }

    public static async Task<List<T>> QueryAllAsync<T>(Container container, QueryDefinition query, QueryRequestOptions? options = null)
    {
        var results = new List<T>();
        using var iterator = container.GetItemQueryIterator<T>(query, requestOptions: options);
        while (iterator.HasMoreResults)
        {
            var page = await iterator.ReadNextAsync();
            results.AddRange(page);
        }

        return results;
    }
}
