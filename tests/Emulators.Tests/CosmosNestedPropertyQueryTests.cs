using Microsoft.Azure.Cosmos;
using static PatientAccess.Emulators.Tests.CosmosTestData;

namespace PatientAccess.Emulators.Tests;

/// <summary>
/// The inbound-SMS lookup's query shape (<c>CosmosRegistrationStore.ListByPhoneAsync</c>): a cross-partition filter on
/// a nested property with parameters, projecting the id.
/// </summary>
[Collection(CosmosEmulatorTests.Name)]
public sealed class CosmosNestedPropertyQueryTests(CosmosEmulatorFixture fixture)
{
    [Fact]
    public async Task Query_NestedPropertyParameterAcrossPartitions_ReturnsOnlyMatchingIds()
    {
        var container = await fixture.NewContainerAsync("q-nested");
        var documents = new[]
        {
            new Doc("r1", "r1", "registration", new Person("+13125550199")),
            new Doc("r2", "r2", "registration", new Person("+13125550199")),
            new Doc("r3", "r3", "registration", new Person("+13125550142")),
            new Doc("r4", "r4", "registration", new Person(null)),
            new Doc("c1", "r1", "consent-ledger", new Person("+13125550199")),
        };
        foreach (var d in documents) await container.CreateItemAsync(d, new PartitionKey(d.Pk));

        var ids = await QueryAllAsync<IdOnly>(container, new QueryDefinition("SELECT c.id FROM c WHERE c.patient.phone = @phone AND c.type = @type")
            .WithParameter("@phone", "+13125550199")
            .WithParameter("@type", "registration"), new QueryRequestOptions { MaxItemCount = 1 });

        Assert.Equal(["r1", "r2"], ids.Select(i => i.Id).Order(StringComparer.Ordinal));
    }

    public sealed record Person(string? Phone);

    public sealed record Doc(string Id, string Pk, string Type, Person Patient);

    public sealed record IdOnly(string Id);
}
