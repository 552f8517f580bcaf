#!/bin/sh
# azd postdeploy hook: second step of the Event Grid blob trigger setup.
# The webhook needs the host's blobs_extension system key, which exists only after the deployed
# app has started with its EventGrid blob trigger, and Event Grid validates the endpoint when the
# subscription is created. So the subscription is deployed here, after `azd deploy`, from the same
# Bicep file main.bicep uses (infra/app/blob-event-subscription.bicep); the key never leaves Azure.
set -eu

: "${AZURE_RESOURCE_GROUP:?run through azd}"
: "${AZURE_FUNCTION_APP_NAME:?run through azd}"
: "${CARD_SYSTEM_TOPIC_NAME:?run through azd}"
: "${CARD_CONTAINER_NAME:?run through azd}"
: "${CARD_UPLOADED_FUNCTION_NAME:?run through azd}"

command -v az >/dev/null 2>&1 || { echo "postdeploy: the Azure CLI (az) is required" >&2; exit 1; }

# Wait (up to about 5 minutes) for the host to create the blobs_extension key.
attempt=0
key=""
while [ "$attempt" -lt 30 ]; do
  key=$(az functionapp keys list -g "$AZURE_RESOURCE_GROUP" -n "$AZURE_FUNCTION_APP_NAME" \
        --query "systemKeys.blobs_extension" -o tsv 2>/dev/null || true)
  [ -n "$key" ] && break
  attempt=$((attempt + 1))
  echo "postdeploy: waiting for the blobs_extension key (attempt $attempt)"
  sleep 10
done
[ -n "$key" ] || { echo "postdeploy: the app never exposed a blobs_extension key; is CardUploaded deployed with Source = EventGrid?" >&2; exit 1; }
unset key

az deployment group create \
  --resource-group "$AZURE_RESOURCE_GROUP" \
  --name "blob-event-subscription" \
  --template-file "infra/app/blob-event-subscription.bicep" \
  --parameters functionAppName="$AZURE_FUNCTION_APP_NAME" \
               systemTopicName="$CARD_SYSTEM_TOPIC_NAME" \
               containerName="$CARD_CONTAINER_NAME" \
               functionName="$CARD_UPLOADED_FUNCTION_NAME" \
  --output none

# From now on `azd provision` keeps the subscription declaratively through main.bicep.
azd env set BLOB_EVENT_SUBSCRIPTION_ENABLED true
echo "postdeploy: Event Grid subscription for ${CARD_CONTAINER_NAME} -> ${CARD_UPLOADED_FUNCTION_NAME} is in place"

# Inbound SMS (STOP/HELP/START) and delivery reports: ACS -> Event Grid -> POST /api/notifications/inbound
# with the app's default function key in the query string. Same two-step reason: the key exists and the
# function answers Event Grid's validation handshake only once the app runs.
: "${ACS_NAME:?run through azd}"
: "${ACS_SYSTEM_TOPIC_NAME:?run through azd}"
az deployment group create \
  --resource-group "$AZURE_RESOURCE_GROUP" \
  --name "sms-event-subscription" \
  --template-file "infra/app/sms-event-subscription.bicep" \
  --parameters functionAppName="$AZURE_FUNCTION_APP_NAME" \
               communicationName="$ACS_NAME" \
               systemTopicName="$ACS_SYSTEM_TOPIC_NAME" \
  --output none
azd env set SMS_EVENT_SUBSCRIPTION_ENABLED true
echo "postdeploy: Event Grid subscription for inbound SMS -> /api/notifications/inbound is in place"
