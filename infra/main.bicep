// PatientAccess on Azure: one resource group with the Functions app (Flex Consumption, .NET 10
// isolated), its storage, Cosmos DB, Document Intelligence, Communication Services, Key Vault and
// monitoring. Every data-plane call uses the app's system-assigned identity; no keys anywhere.
// Deployed by `azd up` (see azure.yaml and docs/deploy.md).
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('azd environment name; names the resource group and seeds the unique suffix of every resource.')
param environmentName string

@minLength(1)
@description('Primary Azure region for all resources (Communication Services and Email are global).')
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Object id of the developer or pipeline running azd; gets data-plane roles for debugging. Empty for none.')
param principalId string = ''

@description('Principal type of principalId.')
@allowed([
  'User'
  'ServicePrincipal'
  'Group'
])
param principalType string = 'User'

@description('Resource group name; empty means rg-{environmentName}.')
param resourceGroupName string = ''

@description('Cosmos DB capacity: Serverless (default, pay per request) or Provisioned (shared autoscale throughput).')
@allowed([
  'Serverless'
  'Provisioned'
])
param cosmosCapacityMode string = 'Serverless'

@description('Autoscale maximum RU/s of the shared database throughput when cosmosCapacityMode is Provisioned.')
@minValue(1000)
param cosmosAutoscaleMaxThroughput int = 1000

@description('Days after upload that insurance card images (and quarantined files) are deleted.')
@minValue(1)
@maxValue(3650)
param cardRetentionDays int = 30

@description('Days deleted blobs and containers stay recoverable.')
@minValue(1)
@maxValue(365)
param blobSoftDeleteDays int = 14

@description('When true: VNet integration for the app and private endpoints for storage, Cosmos DB, Document Intelligence and Key Vault, whose public access is then disabled.')
param privateNetworking bool = false

@description('Highest number of Flex Consumption instances.')
@minValue(40)
@maxValue(1000)
param functionMaximumInstanceCount int = 100

@description('Memory per Flex Consumption instance in MB.')
@allowed([
  512
  2048
  4096
])
param functionInstanceMemoryMB int = 2048

@description('Document Intelligence pricing tier (S0; F0 is a free trial with low limits).')
@allowed([
  'S0'
  'F0'
])
param documentIntelligenceSku string = 'S0'

@description('Where Communication Services and Email store data at rest.')
param communicationDataLocation string = 'United States'

@description('SMS sender for ACS (an E.164 number bought in ACS or an alphanumeric sender id); empty disables SMS.')
param acsSmsFrom string = ''

@description('Base URL of the eligibility clearinghouse.')
param clearinghouseBaseUrl string = ''

@description('Clearinghouse protocol: Core (X12 270/271 over CAQH CORE HTTP) or Json.')
@allowed([
  'Core'
  'Json'
])
param clearinghouseMode string = 'Core'

@description('Clearinghouse user name stored in Key Vault; empty leaves the secret untouched.')
@secure()
param clearinghouseUsername string = ''

@description('Clearinghouse password stored in Key Vault; empty leaves the secret untouched.')
@secure()
param clearinghousePassword string = ''

@description('FHIR base URL of the payer\'s Da Vinci PAS endpoint.')
param priorAuthBaseUrl string = ''

@description('Patient portal base URL used in patient links.')
param portalBaseUrl string = ''

@description('More origins (custom domains, https://host) that serve the patient page or console; the app\'s own https://<app>.azurewebsites.net is always allowed to upload card photos.')
param pageOrigins array = []

@description('NCRONTAB schedule of the follow-up reminder sweep.')
param remindersSchedule string = '0 */15 * * * *'

@description('NCRONTAB schedule of the eligibility re-check sweep.')
param eligibilityRecheckSchedule string = '0 0 * * * *'

@description('IANA time zone of the clinic, e.g. America/Chicago; a registration that names no patient time zone gets it.')
param clinicTimeZone string = 'America/New_York'

@description('Start of quiet hours (HH:mm, the patient\'s local time); at most 21:00, the federal calling window.')
param quietHoursStart string = '21:00'

@description('End of quiet hours (HH:mm, the patient\'s local time); at least 08:00.')
param quietHoursEnd string = '08:00'

@description('Patient total (dollars) at or above which an estimate opens a financial-counseling work item.')
param estimateCounselingThreshold string = '1000'

@description('The hospital\'s standard-charges file (CMS template v2), relative to the app\'s directory; empty until the hospital\'s file is deployed.')
param pricesPath string = ''

@description('Keep the Event Grid subscription of the blob trigger. False on the first provision (the app must be deployed first); the postdeploy hook creates it and sets this to true.')
param blobEventSubscriptionEnabled bool = false

@description('Keep the Event Grid subscription that feeds inbound SMS (STOP/HELP/START) and delivery reports to the app. False on the first provision (the app must be deployed first); the postdeploy hook creates it and sets this to true.')
param smsEventSubscriptionEnabled bool = false

@description('Phone number the HELP reply tells patients to call (InboundMessages__HelpPhone); empty means HELP gets no reply.')
param helpPhone string = ''

@description('Client id of the Entra ID app registration for the specialist console (app role Specialist). Empty: App Service authentication stays off and the console answers 401 (docs/deploy.md).')
param consoleClientId string = ''

var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
  workload: 'patientaccess'
}
var names = {
  functionApp: 'func-${resourceToken}'
  plan: 'plan-${resourceToken}'
  storage: 'st${resourceToken}'
  cosmos: 'cosmos-${resourceToken}'
  documentIntelligence: 'di-${resourceToken}'
  communication: 'acs-${resourceToken}'
  communicationSystemTopic: 'evgt-acs-${resourceToken}'
  emailService: 'ecs-${resourceToken}'
  keyVault: 'kv-${resourceToken}'
  logAnalytics: 'log-${resourceToken}'
  applicationInsights: 'appi-${resourceToken}'
  systemTopic: 'evgt-${resourceToken}'
  virtualNetwork: 'vnet-${resourceToken}'
}
var clearinghouseSecretNames = {
  username: 'clearinghouse-username'
  password: 'clearinghouse-password'
}
var deploymentContainerName = 'app-package-${take(resourceToken, 7)}'
var cardContainerName = 'insurance-cards'
var cardUploadedFunctionName = 'CardUploaded'

// Built-in Azure RBAC role definition ids.
var roles = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageBlobDataContributor: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
  keyVaultSecretsOfficer: 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7'
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
  cognitiveServicesUser: 'a97b65f3-24c7-4388-baec-2e87135dc908'
  communicationAndEmailServiceOwner: '09976791-48a7-449e-bb21-39d1a415f350'
}

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: empty(resourceGroupName) ? 'rg-${environmentName}' : resourceGroupName
  location: location
  tags: tags
}

module monitoring 'app/monitoring.bicep' = {
  scope: rg
  params: {
    logAnalyticsName: names.logAnalytics
    applicationInsightsName: names.applicationInsights
    location: location
    tags: tags
  }
}

module network 'app/network.bicep' = if (privateNetworking) {
  scope: rg
  params: {
    name: names.virtualNetwork
    location: location
    tags: tags
  }
}

module storage 'app/storage.bicep' = {
  scope: rg
  params: {
    name: names.storage
    location: location
    tags: tags
    deploymentContainerName: deploymentContainerName
    cardRetentionDays: cardRetentionDays
    softDeleteRetentionDays: blobSoftDeleteDays
    privateNetworking: privateNetworking
    // The app's default host name: App Service's classic <name>.azurewebsites.net (function.bicep does not opt into
    // the per-region unique host names), known before the app exists, so storage need not wait for the site.
    uploadOrigins: union([ 'https://${names.functionApp}.azurewebsites.net' ], pageOrigins)
  }
}

module eventGrid 'app/eventgrid.bicep' = {
  scope: rg
  params: {
    name: names.systemTopic
    location: location
    tags: tags
    storageAccountId: storage.outputs.id
  }
}

module keyVault 'app/keyvault.bicep' = {
  scope: rg
  params: {
    name: names.keyVault
    location: location
    tags: tags
    privateNetworking: privateNetworking
    clearinghouseUsername: clearinghouseUsername
    clearinghousePassword: clearinghousePassword
    clearinghouseSecretNames: clearinghouseSecretNames
  }
}

module documentIntelligence 'app/documentintelligence.bicep' = {
  scope: rg
  params: {
    name: names.documentIntelligence
    location: location
    tags: tags
    skuName: documentIntelligenceSku
    privateNetworking: privateNetworking
  }
}

module communication 'app/communication.bicep' = {
  scope: rg
  params: {
    name: names.communication
    emailServiceName: names.emailService
    tags: tags
    dataLocation: communicationDataLocation
  }
}

module function 'app/function.bicep' = {
  scope: rg
  params: {
    name: names.functionApp
    planName: names.plan
    location: location
    tags: tags
    serviceName: 'api'
    storageAccountName: names.storage
    storageBlobEndpoint: storage.outputs.blobEndpoint
    deploymentContainerName: deploymentContainerName
    applicationInsightsConnectionString: monitoring.outputs.connectionString
    maximumInstanceCount: functionMaximumInstanceCount
    instanceMemoryMB: functionInstanceMemoryMB
    virtualNetworkSubnetId: privateNetworking ? network!.outputs.appSubnetId : ''
  }
}

module cosmos 'app/cosmos.bicep' = {
  scope: rg
  params: {
    name: names.cosmos
    location: location
    tags: tags
    capacityMode: cosmosCapacityMode
    autoscaleMaxThroughput: cosmosAutoscaleMaxThroughput
    privateNetworking: privateNetworking
    // The identity's object id is only known once the app exists; it belongs in the assignment
    // names (a re-created app must not collide with orphaned assignments), so What-If previews them
    // as unknown.
    #disable-next-line what-if-short-circuiting
    dataContributorPrincipalIds: empty(principalId) ? [function.outputs.principalId] : [function.outputs.principalId, principalId]
  }
}

// The app: Blob Data Owner (host, deployment package, blob trigger receipts, user delegation SAS),
// queues and tables (Durable task hub, poison queue), secrets read, telemetry, OCR, messaging.
module appRoles 'app/rbac.bicep' = {
  scope: rg
  params: {
    // Runtime value in the assignment names on purpose; see the cosmos module above.
    #disable-next-line what-if-short-circuiting
    principalId: function.outputs.principalId
    principalType: 'ServicePrincipal'
    storageAccountName: names.storage
    storageRoleIds: [
      roles.storageBlobDataOwner
      roles.storageQueueDataContributor
      roles.storageTableDataContributor
    ]
    keyVaultName: names.keyVault
    keyVaultRoleIds: [
      roles.keyVaultSecretsUser
    ]
    applicationInsightsName: names.applicationInsights
    applicationInsightsRoleIds: [
      roles.monitoringMetricsPublisher
    ]
    documentIntelligenceName: names.documentIntelligence
    documentIntelligenceRoleIds: [
      roles.cognitiveServicesUser
    ]
    communicationName: names.communication
    communicationRoleIds: [
      roles.communicationAndEmailServiceOwner
    ]
  }
  // The module finds these resources by name ('existing'), which implies no ordering by itself
  // (storage and monitoring come first anyway: the function app needs their outputs).
  dependsOn: [
    keyVault
    documentIntelligence
    communication
  ]
}

// The person running azd: enough to run the LocalHost against the Azure resources and to set the
// clearinghouse secrets.
module developerRoles 'app/rbac.bicep' = if (!empty(principalId)) {
  scope: rg
  params: {
    principalId: principalId
    principalType: principalType
    storageAccountName: names.storage
    storageRoleIds: [
      roles.storageBlobDataContributor
      roles.storageQueueDataContributor
      roles.storageTableDataContributor
    ]
    keyVaultName: names.keyVault
    keyVaultRoleIds: [
      roles.keyVaultSecretsOfficer
    ]
    applicationInsightsName: names.applicationInsights
    applicationInsightsRoleIds: []
    documentIntelligenceName: names.documentIntelligence
    documentIntelligenceRoleIds: [
      roles.cognitiveServicesUser
    ]
    communicationName: names.communication
    communicationRoleIds: [
      roles.communicationAndEmailServiceOwner
    ]
  }
  // The module finds these resources by name ('existing'), which implies no ordering by itself.
  dependsOn: [
    storage
    keyVault
    monitoring
    documentIntelligence
    communication
  ]
}

// Written after the role assignments so Key Vault references and identity connections work on the
// first start.
module appSettings 'app/appsettings.bicep' = {
  scope: rg
  params: {
    functionAppName: names.functionApp
    storageAccountName: names.storage
    cardBlobEndpoint: storage.outputs.blobEndpoint
    cardQueueEndpoint: storage.outputs.queueEndpoint
    cosmosEndpoint: cosmos.outputs.endpoint
    cosmosDatabaseName: cosmos.outputs.databaseName
    documentIntelligenceEndpoint: documentIntelligence.outputs.endpoint
    documentIntelligenceApiVersion: '2024-11-30'
    acsEndpoint: communication.outputs.endpoint
    acsEmailSender: communication.outputs.emailSender
    acsSmsFrom: acsSmsFrom
    clearinghouseBaseUrl: clearinghouseBaseUrl
    clearinghouseMode: clearinghouseMode
    keyVaultUri: keyVault.outputs.uri
    clearinghouseSecretNames: clearinghouseSecretNames
    priorAuthBaseUrl: priorAuthBaseUrl
    remindersSchedule: remindersSchedule
    eligibilityRecheckSchedule: eligibilityRecheckSchedule
    portalBaseUrl: portalBaseUrl
    clinicTimeZone: clinicTimeZone
    quietHoursStart: quietHoursStart
    quietHoursEnd: quietHoursEnd
    helpPhone: helpPhone
    estimateCounselingThreshold: estimateCounselingThreshold
    pricesPath: pricesPath
    consoleClientId: consoleClientId
    applicationInsightsConnectionString: monitoring.outputs.connectionString
  }
  dependsOn: [
    appRoles
  ]
}

var privateEndpointSpecs = [
  {
    name: 'pe-blob'
    target: 'storage'
    groupId: 'blob'
    zone: 'privatelink.blob.${environment().suffixes.storage}'
  }
  {
    name: 'pe-queue'
    target: 'storage'
    groupId: 'queue'
    zone: 'privatelink.queue.${environment().suffixes.storage}'
  }
  {
    name: 'pe-table'
    target: 'storage'
    groupId: 'table'
    zone: 'privatelink.table.${environment().suffixes.storage}'
  }
  {
    name: 'pe-cosmos'
    target: 'cosmos'
    groupId: 'Sql'
    zone: 'privatelink.documents.azure.com'
  }
  {
    name: 'pe-docintel'
    target: 'documentIntelligence'
    groupId: 'account'
    zone: 'privatelink.cognitiveservices.azure.com'
  }
  {
    name: 'pe-vault'
    target: 'keyVault'
    groupId: 'vault'
    zone: 'privatelink.vaultcore.azure.net'
  }
]

module privateEndpoints 'app/private-endpoint.bicep' = [
  for spec in privateEndpointSpecs: if (privateNetworking) {
    scope: rg
    name: '${spec.name}-${resourceToken}'
    params: {
      name: '${spec.name}-${resourceToken}'
      location: location
      tags: tags
      targetResourceId: {
        storage: storage.outputs.id
        cosmos: cosmos.outputs.id
        documentIntelligence: documentIntelligence.outputs.id
        keyVault: keyVault.outputs.id
      }[spec.target]
      groupId: spec.groupId
      dnsZoneName: spec.zone
      subnetId: network!.outputs.privateEndpointSubnetId
      virtualNetworkId: network!.outputs.id
    }
  }
]

module blobEventSubscription 'app/blob-event-subscription.bicep' = if (blobEventSubscriptionEnabled) {
  scope: rg
  params: {
    functionAppName: names.functionApp
    systemTopicName: names.systemTopic
    containerName: cardContainerName
    functionName: cardUploadedFunctionName
  }
  dependsOn: [
    appSettings
    eventGrid
  ]
}

module smsEventSubscription 'app/sms-event-subscription.bicep' = if (smsEventSubscriptionEnabled) {
  scope: rg
  params: {
    functionAppName: names.functionApp
    communicationName: names.communication
    systemTopicName: names.communicationSystemTopic
    tags: tags
  }
  dependsOn: [
    appSettings
    communication
  ]
}

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_APP_NAME string = function.outputs.name
output SERVICE_API_NAME string = function.outputs.name
output SERVICE_API_URI string = function.outputs.uri
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output CARD_CONTAINER_NAME string = cardContainerName
output CARD_UPLOADED_FUNCTION_NAME string = cardUploadedFunctionName
output CARD_SYSTEM_TOPIC_NAME string = eventGrid.outputs.name
output COSMOS_ENDPOINT string = cosmos.outputs.endpoint
output COSMOS_DATABASE string = cosmos.outputs.databaseName
output DOCUMENT_INTELLIGENCE_ENDPOINT string = documentIntelligence.outputs.endpoint
output ACS_ENDPOINT string = communication.outputs.endpoint
output ACS_EMAIL_SENDER string = communication.outputs.emailSender
output ACS_NAME string = communication.outputs.name
output ACS_SYSTEM_TOPIC_NAME string = names.communicationSystemTopic
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output AZURE_KEY_VAULT_URI string = keyVault.outputs.uri
output APPLICATIONINSIGHTS_CONNECTION_STRING string = monitoring.outputs.connectionString
