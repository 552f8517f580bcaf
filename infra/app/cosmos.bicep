// Cosmos DB for NoSQL: serverless by default, provisioned throughput as an option. Local (key)
// auth is off; the app gets the built-in data-plane role through sqlRoleAssignments.

@description('Cosmos DB account name.')
param name string

@description('Azure region.')
param location string

@description('Tags applied to every resource.')
param tags object

@description('Serverless (pay per request) or Provisioned (shared database throughput).')
@allowed([
  'Serverless'
  'Provisioned'
])
param capacityMode string

@description('Shared database throughput in RU/s when capacityMode is Provisioned (autoscale maximum).')
@minValue(1000)
param autoscaleMaxThroughput int

@description('When true the account refuses public network traffic and is reached through a private endpoint.')
param privateNetworking bool

@description('Object ids of the principals that get the Cosmos DB Built-in Data Contributor role (the app identity, optionally the developer).')
param dataContributorPrincipalIds array

var databaseName = 'patientaccess'

// The built-in data-plane role "Cosmos DB Built-in Data Contributor".
var dataContributorRoleId = '00000000-0000-0000-0000-000000000002'

var containerSpecs = [
  {
    name: 'registrations'
    partitionKey: '/id'
    defaultTtl: null
    // The reminder sweep filters and orders on nextReminderUtc; it is named so that a later
    // narrowing of '/*' cannot drop it silently.
    extraIncludedPaths: [
      '/nextReminderUtc/?'
    ]
    compositeIndexes: []
  }
  {
    name: 'idempotency'
    extraIncludedPaths: []
    partitionKey: '/id'
    defaultTtl: 86400
    compositeIndexes: []
  }
  {
    name: 'workitems'
    extraIncludedPaths: []
    partitionKey: '/registrationId'
    defaultTtl: null
    compositeIndexes: [
      [
        {
          path: '/status'
          order: 'ascending'
        }
        {
          path: '/createdUtc'
          order: 'ascending'
        }
      ]
    ]
  }
  {
    name: 'audit'
    extraIncludedPaths: []
    partitionKey: '/registrationId'
    defaultTtl: null
    compositeIndexes: []
  }
  {
    name: 'outbox'
    extraIncludedPaths: []
    partitionKey: '/registrationId'
    defaultTtl: null
    compositeIndexes: []
  }
  {
    name: 'leases'
    extraIncludedPaths: []
    partitionKey: '/id'
    defaultTtl: null
    compositeIndexes: []
  }
  {
    // One document per registration and service line.
    name: 'authorizations'
    extraIncludedPaths: []
    partitionKey: '/registrationId'
    defaultTtl: null
    compositeIndexes: []
  }
  {
    // Lookup keys of authorizations (approved for payer + member hash + code; payer + payer reference), one partition
    // per key, so reuse and id-only notifications find their records without a cross-partition query.
    name: 'authorization-keys'
    extraIncludedPaths: []
    partitionKey: '/key'
    defaultTtl: null
    compositeIndexes: []
  }
  {
    // Payer subscription notifications received, for idempotency; a payer retries for hours, 30 days is plenty.
    name: 'priorauth-notifications'
    extraIncludedPaths: []
    partitionKey: '/id'
    defaultTtl: 2592000
    compositeIndexes: []
  }
  {
    // Patient links by token hash; -1: TTL on, each document carries its own ttl (a month after the link expired).
    name: 'patientlinks'
    extraIncludedPaths: []
    partitionKey: '/id'
    defaultTtl: -1
    compositeIndexes: []
  }
  {
    // Patient question threads, one document per registration (texts from unknown numbers in one synthetic partition).
    name: 'questions'
    extraIncludedPaths: []
    partitionKey: '/registrationId'
    defaultTtl: null
    compositeIndexes: []
  }
]

resource account 'Microsoft.DocumentDB/databaseAccounts@2024-11-15' = {
  name: name
  location: location
  tags: tags
  kind: 'GlobalDocumentDB'
  properties: {
    databaseAccountOfferType: 'Standard'
    disableLocalAuth: true
    disableKeyBasedMetadataWriteAccess: true
    minimalTlsVersion: 'Tls12'
    publicNetworkAccess: privateNetworking ? 'Disabled' : 'Enabled'
    consistencyPolicy: {
      defaultConsistencyLevel: 'Session'
    }
    locations: [
      {
        locationName: location
        failoverPriority: 0
        isZoneRedundant: false
      }
    ]
    capabilities: capacityMode == 'Serverless'
      ? [
          {
            name: 'EnableServerless'
          }
        ]
      : []
    backupPolicy: {
      type: 'Continuous'
      continuousModeProperties: {
        tier: 'Continuous7Days'
      }
    }
  }
}

resource database 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases@2024-11-15' = {
  parent: account
  name: databaseName
  properties: {
    resource: {
      id: databaseName
    }
    options: capacityMode == 'Provisioned'
      ? {
          autoscaleSettings: {
            maxThroughput: autoscaleMaxThroughput
          }
        }
      : {}
  }
}

resource containers 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-11-15' = [
  for spec in containerSpecs: {
    parent: database
    name: spec.name
    properties: {
      resource: union(
        {
          id: spec.name
          partitionKey: {
            paths: [
              spec.partitionKey
            ]
            kind: 'Hash'
            version: 2
          }
          indexingPolicy: {
            indexingMode: 'consistent'
            automatic: true
            includedPaths: concat(
              [
                {
                  path: '/*'
                }
              ],
              map(spec.extraIncludedPaths, p => { path: p })
            )
            excludedPaths: [
              {
                path: '/"_etag"/?'
              }
            ]
            compositeIndexes: spec.compositeIndexes
          }
        },
        spec.defaultTtl == null ? {} : { defaultTtl: spec.defaultTtl }
      )
    }
  }
]

resource dataContributor 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2024-11-15' = [
  for principalId in dataContributorPrincipalIds: {
    parent: account
    name: guid(account.id, principalId, dataContributorRoleId)
    properties: {
      roleDefinitionId: '${account.id}/sqlRoleDefinitions/${dataContributorRoleId}'
      principalId: principalId
      scope: account.id
    }
  }
]

output name string = account.name
output id string = account.id
output endpoint string = account.properties.documentEndpoint
output databaseName string = database.name
output containerNames array = [for (spec, i) in containerSpecs: containers[i].name]
