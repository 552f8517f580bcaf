// Event Grid system topic over the storage account. The blob trigger (Source = EventGrid) gets
// BlobCreated events through a webhook subscription on this topic; see
// blob-event-subscription.bicep for why that subscription is a second step.

@description('System topic name.')
param name string

@description('Azure region; must be the storage account\'s region.')
param location string

@description('Tags applied to every resource.')
param tags object

@description('Resource id of the storage account that raises the events.')
param storageAccountId string

resource systemTopic 'Microsoft.EventGrid/systemTopics@2025-02-15' = {
  name: name
  location: location
  tags: tags
  properties: {
    source: storageAccountId
    topicType: 'Microsoft.Storage.StorageAccounts'
  }
}

output name string = systemTopic.name
