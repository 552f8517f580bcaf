using Microsoft.Azure.Cosmos;
using PatientAccess.Domain.Portal;
using PatientAccess.Domain.Ports;
using PatientAccess.Domain.Registrations;

namespace PatientAccess.Integrations.Cosmos;

/// <summary>
/// Patient links in "patientlinks", partitioned by the token hash (every lookup of a presented link is a point read);
/// each document expires by its own <c>ttl</c> a month after the link stopped working.
/// </summary>
public sealed class CosmosPatientLinkStore(CosmosDatabaseProvider database, TimeProvider time) : IPatientLinkStore
{
    private const string Kind = "Patient link";

    public async Task CreateAsync(PatientLink link, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(link);
        var container = await database.ContainerAsync(CosmosContainers.PatientLinks, cancellationToken);
        await CosmosErrors.Translate(Kind, link.RegistrationId.Value, () =>
            container.CreateItemAsync(PatientLinkDocument.From(link, time.GetUtcNow()), new PartitionKey(link.TokenHash), cancellationToken: cancellationToken));
    }

    public async Task<PatientLink?> FindAsync(string tokenHash, CancellationToken cancellationToken)
    {
        var container = await database.ContainerAsync(CosmosContainers.PatientLinks, cancellationToken);
        try
        {
            var response = await CosmosErrors.Translate(Kind, "(presented link)", () =>
                container.ReadItemAsync<PatientLinkDocument>(tokenHash, new PartitionKey(tokenHash), cancellationToken: cancellationToken));
            return response.Resource.ToDomain();
        }
        catch (Domain.Common.NotFoundException)
        {
            return null;
        }
    }

    public async Task<IReadOnlyList<PatientLink>> ListForRegistrationAsync(RegistrationId registrationId, CancellationToken cancellationToken)
    {
        var container = await database.ContainerAsync(CosmosContainers.PatientLinks, cancellationToken);
        var query = new QueryDefinition("SELECT * FROM c WHERE c.registrationId = @id").WithParameter("@id", registrationId.Value);
        return await CosmosErrors.Translate<IReadOnlyList<PatientLink>>(Kind, registrationId.Value, async () =>
        {
            var links = new List<PatientLink>();
            using var feed = container.GetItemQueryIterator<PatientLinkDocument>(query);
            while (feed.HasMoreResults)
            {
                links.AddRange((await feed.ReadNextAsync(cancellationToken)).Select(d => d.ToDomain()));
            }
            return links.OrderBy(l => l.IssuedAt).ToList();
        });
    }

    public async Task ReplaceAsync(PatientLink link, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(link);
        var container = await database.ContainerAsync(CosmosContainers.PatientLinks, cancellationToken);
        await CosmosErrors.Translate(Kind, link.RegistrationId.Value, () =>
            container.ReplaceItemAsync(PatientLinkDocument.From(link, time.GetUtcNow()), link.TokenHash, new PartitionKey(link.TokenHash), cancellationToken: cancellationToken));
    }
}
