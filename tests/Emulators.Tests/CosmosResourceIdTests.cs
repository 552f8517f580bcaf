using Microsoft.Azure.Cosmos;

namespace PatientAccess.Emulators.Tests;

[Collection(CosmosEmulatorTests.Name)]
public sealed class CosmosResourceIdTests(CosmosEmulatorFixture fixture)
{
    [Fact]
    public async Task CreateDatabase_ManyDatabases_NoResourceIdHasASlashAndEachOneWorks()
    {
        // Plain base64 put a '/' into about one database _rid in 64 and the SDK then failed on it with 404s.
        for (var i = 0; i < 160; i++)
        {
            var id = $"rid-{Guid.NewGuid():N}";
            Database database = await fixture.Client.CreateDatabaseIfNotExistsAsync(id);
            try
            {
                var read = await database.ReadAsync();
                Assert.DoesNotContain('/', read.Resource.SelfLink.TrimStart('/').Replace("dbs/", "", StringComparison.Ordinal).TrimEnd('/'));
                Container container = await database.CreateContainerIfNotExistsAsync(new ContainerProperties("c", "/pk"));
                await container.UpsertItemAsync(new { id = "x", pk = "p" }, new PartitionKey("p"));
                var query = container.GetItemQueryIterator<dynamic>("SELECT * FROM c ORDER BY c.id");
                Assert.Single(await query.ReadNextAsync());
            }
            finally
            {
                await database.DeleteAsync();
            }
        }
    }
}
