// One storage account for the Functions host, the Durable task hub, the Flex Consumption
// deployment package and the card images. Entra ID only: shared keys are off, so only managed
// identity and user delegation SAS work.

@description('Storage account name (3-24 lower-case letters and digits).')
@minLength(3)
@maxLength(24)
param name string

@description('Azure region.')
param location string

@description('Tags applied to every resource.')
param tags object

@description('Blob container that Flex Consumption deploys the app package to.')
param deploymentContainerName string

@description('Days after its last modification that an insurance card image is deleted by the lifecycle rule.')
@minValue(1)
@maxValue(3650)
param cardRetentionDays int

@description('Days a signed form (rendered PDF or paper scan) stays write-protected by the signed-forms container\'s time-based immutability policy.')
@minValue(1)
@maxValue(146000)
param signedFormRetentionDays int = 2190

@description('Days deleted blobs and containers stay recoverable (soft delete).')
@minValue(1)
@maxValue(365)
param softDeleteRetentionDays int

@description('When true the account refuses public network traffic and is reached through private endpoints.')
param privateNetworking bool

@description('Origins of the pages that send card photos straight to their upload URL (the patient page and the console): the browser\'s preflight for the PUT needs a CORS rule on the Blob service.')
param uploadOrigins array

// insurance-cards: the upload inbox (create-only SAS); insurance-cards-accepted: our re-encoded copies, written only by
// the app; insurance-cards-quarantine: refused uploads.
var cardContainers = [
  'insurance-cards'
  'insurance-cards-accepted'
  'insurance-cards-quarantine'
  'eligibility-responses'
  'authorization-responses'
]

resource account 'Microsoft.Storage/storageAccounts@2024-01-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    accessTier: 'Hot'
    allowSharedKeyAccess: false
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: privateNetworking ? 'Disabled' : 'Enabled'
    networkAcls: {
      // Event Grid reads nothing from the account, but trusted Azure services (the system topic) keep working.
      bypass: 'AzureServices'
      defaultAction: privateNetworking ? 'Deny' : 'Allow'
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2024-01-01' = {
  parent: account
  name: 'default'
  properties: {
    deleteRetentionPolicy: {
      enabled: true
      days: softDeleteRetentionDays
    }
    containerDeleteRetentionPolicy: {
      enabled: true
      days: softDeleteRetentionDays
    }
    // Only the create-only card upload: PUT of a block blob from the pages' own origins. Every other call is the app's,
    // server to server, and needs no CORS.
    cors: {
      corsRules: [
        {
          allowedOrigins: uploadOrigins
          allowedMethods: [
            'PUT'
            'OPTIONS'
          ]
          allowedHeaders: [
            'content-type'
            'x-ms-blob-type'
            'x-ms-version'
            'x-ms-client-request-id'
          ]
          exposedHeaders: [
            'x-ms-request-id'
          ]
          maxAgeInSeconds: 3600
        }
      ]
    }
  }
}

resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2024-01-01' = {
  parent: blobService
  name: deploymentContainerName
  properties: {
    publicAccess: 'None'
  }
}

resource containers 'Microsoft.Storage/storageAccounts/blobServices/containers@2024-01-01' = [
  for container in cardContainers: {
    parent: blobService
    name: container
    properties: {
      publicAccess: 'None'
    }
  }
]

// signed-forms: signed consents and forms (PDFs, paper scans), written once by the app and never changed. The
// time-based retention policy (WORM) refuses overwrites and deletes for signedFormRetentionDays (six years by default:
// HIPAA's documentation retention, 45 CFR 164.316(b)(2)); it is left unlocked so the period can still be corrected,
// and compliance locks it once agreed (a locked policy can only be extended).
resource signedForms 'Microsoft.Storage/storageAccounts/blobServices/containers@2024-01-01' = {
  parent: blobService
  name: 'signed-forms'
  properties: {
    publicAccess: 'None'
  }
}

resource signedFormsWorm 'Microsoft.Storage/storageAccounts/blobServices/containers/immutabilityPolicies@2024-01-01' = {
  parent: signedForms
  name: 'default'
  properties: {
    immutabilityPeriodSinceCreationInDays: signedFormRetentionDays
    allowProtectedAppendWrites: false
  }
}

resource lifecycle 'Microsoft.Storage/storageAccounts/managementPolicies@2024-01-01' = {
  parent: account
  name: 'default'
  properties: {
    policy: {
      rules: [
        {
          name: 'delete-insurance-card-images'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: {
              blobTypes: [
                'blockBlob'
              ]
              prefixMatch: [
                'insurance-cards/'
                'insurance-cards-accepted/'
                'insurance-cards-quarantine/'
              ]
            }
            actions: {
              baseBlob: {
                delete: {
                  daysAfterModificationGreaterThan: cardRetentionDays
                }
              }
              snapshot: {
                delete: {
                  daysAfterCreationGreaterThan: cardRetentionDays
                }
              }
            }
          }
        }
      ]
    }
  }
  dependsOn: [
    containers
  ]
}

output name string = account.name
output id string = account.id
output blobEndpoint string = account.properties.primaryEndpoints.blob
output queueEndpoint string = account.properties.primaryEndpoints.queue
output tableEndpoint string = account.properties.primaryEndpoints.table
output cardContainerName string = containers[0].name
output signedFormsContainerName string = signedForms.name
