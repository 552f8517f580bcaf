// Event Grid system topic over the Communication Services resource and the webhook subscription that
// feeds SMSReceived (STOP/HELP/START) and SMSDeliveryReportReceived to POST /api/notifications/inbound.
//
// Why a second step, like blob-event-subscription.bicep: the endpoint's 'code' is the receiving
// function's own key (AuthorizationLevel.Function; a function key opens that one function only, and the
// query string is the only place Event Grid webhooks can carry it), which exists only once the deployed
// app has started,
// and Event Grid validates the webhook (SubscriptionValidationEvent, answered by the function) when the
// subscription is created. scripts/postdeploy.sh deploys this file after 'azd deploy' and sets
// SMS_EVENT_SUBSCRIPTION_ENABLED=true; later 'azd provision' runs keep it through main.bicep.

@description('Name of the existing function app.')
param functionAppName string

@description('Name of the existing Communication Services resource that receives the texts.')
param communicationName string

@description('Name of the Event Grid system topic over the Communication Services resource.')
param systemTopicName string

@description('Name of the HTTP function behind POST /api/notifications/inbound (InboundMessageFunctions.ReceiveName).')
param functionName string = 'ReceiveInboundMessages'

@description('Tags applied to every resource.')
param tags object = {}

@description('Event subscription name.')
param subscriptionName string = 'sms-inbound'

resource site 'Microsoft.Web/sites@2024-11-01' existing = {
  name: functionAppName
}

resource communication 'Microsoft.Communication/communicationServices@2023-04-01' existing = {
  name: communicationName
}

resource systemTopic 'Microsoft.EventGrid/systemTopics@2025-02-15' = {
  name: systemTopicName
  location: 'global'
  tags: tags
  properties: {
    source: communication.id
    topicType: 'Microsoft.Communication.CommunicationServices'
  }
}

resource subscription 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2025-02-15' = {
  parent: systemTopic
  name: subscriptionName
  properties: {
    destination: {
      endpointType: 'WebHook'
      properties: {
        // The route is ApiRoutes.InboundMessages under host.json's "api" prefix.
        endpointUrl: 'https://${site.properties.defaultHostName}/api/notifications/inbound?code=${listKeys('${site.id}/functions/${functionName}', '2024-04-01').default}'
        maxEventsPerBatch: 1
        preferredBatchSizeInKilobytes: 64
      }
    }
    eventDeliverySchema: 'EventGridSchema'
    filter: {
      includedEventTypes: [
        'Microsoft.Communication.SMSReceived'
        'Microsoft.Communication.SMSDeliveryReportReceived'
      ]
    }
    retryPolicy: {
      // A STOP must not be lost: retry for a day (the endpoint is idempotent per inbound message id).
      maxDeliveryAttempts: 30
      eventTimeToLiveInMinutes: 1440
    }
  }
}

output name string = subscription.name
output systemTopicName string = systemTopic.name
