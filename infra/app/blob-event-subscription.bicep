// Webhook subscription that feeds BlobCreated events under insurance-cards/ to the Functions blob
// trigger (Source = EventGrid) at the blobs extension endpoint.
//
// Why a second step: the endpoint's 'code' is the host's blobs_extension system key, which the
// Functions host creates only once the deployed code with an EventGrid blob trigger has started,
// and Event Grid validates the webhook when the subscription is created. On the first 'azd up'
// neither holds during provisioning, so scripts/postdeploy.sh deploys this file after 'azd deploy'
// and sets BLOB_EVENT_SUBSCRIPTION_ENABLED=true; later 'azd provision' runs then keep it through
// main.bicep.

@description('Name of the existing function app.')
param functionAppName string

@description('Name of the existing Event Grid system topic over the card storage account.')
param systemTopicName string

@description('Container whose new blobs trigger the function.')
param containerName string

@description('Name of the blob-triggered function as the worker registers it.')
param functionName string

@description('Event subscription name.')
param subscriptionName string = 'card-uploaded'

resource site 'Microsoft.Web/sites@2024-11-01' existing = {
  name: functionAppName
}

resource systemTopic 'Microsoft.EventGrid/systemTopics@2025-02-15' existing = {
  name: systemTopicName
}

resource subscription 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2025-02-15' = {
  parent: systemTopic
  name: subscriptionName
  properties: {
    destination: {
      endpointType: 'WebHook'
      properties: {
        endpointUrl: 'https://${site.properties.defaultHostName}/runtime/webhooks/blobs?functionName=Host.Functions.${functionName}&code=${listKeys('${site.id}/host/default', '2024-04-01').systemKeys.blobs_extension}'
        maxEventsPerBatch: 1
        preferredBatchSizeInKilobytes: 64
      }
    }
    eventDeliverySchema: 'EventGridSchema'
    filter: {
      includedEventTypes: [
        'Microsoft.Storage.BlobCreated'
      ]
      subjectBeginsWith: '/blobServices/default/containers/${containerName}/'
      isSubjectCaseSensitive: false
    }
    retryPolicy: {
      maxDeliveryAttempts: 30
      eventTimeToLiveInMinutes: 1440
    }
  }
}

output name string = subscription.name
