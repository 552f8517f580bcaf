# azd postdeploy hook (Windows): see postdeploy.sh for why the Event Grid subscription of the
# blob trigger is created after `azd deploy`.
$ErrorActionPreference = 'Stop'
foreach ($name in 'AZURE_RESOURCE_GROUP', 'AZURE_FUNCTION_APP_NAME', 'CARD_SYSTEM_TOPIC_NAME', 'CARD_CONTAINER_NAME', 'CARD_UPLOADED_FUNCTION_NAME') {
    if (-not [Environment]::GetEnvironmentVariable($name)) { throw "$name is not set; run through azd" }
}
if (-not (Get-Command az -ErrorAction SilentlyContinue)) { throw 'postdeploy: the Azure CLI (az) is required' }

$key = ''
for ($attempt = 1; $attempt -le 30 -and -not $key; $attempt++) {
    $key = az functionapp keys list -g $env:AZURE_RESOURCE_GROUP -n $env:AZURE_FUNCTION_APP_NAME --query 'systemKeys.blobs_extension' -o tsv 2>$null
    if (-not $key) { Write-Host "postdeploy: waiting for the blobs_extension key (attempt $attempt)"; Start-Sleep -Seconds 10 }
}
if (-not $key) { throw 'postdeploy: the app never exposed a blobs_extension key; is CardUploaded deployed with Source = EventGrid?' }
Remove-Variable key

az deployment group create `
  --resource-group $env:AZURE_RESOURCE_GROUP `
  --name blob-event-subscription `
  --template-file infra/app/blob-event-subscription.bicep `
  --parameters functionAppName=$env:AZURE_FUNCTION_APP_NAME systemTopicName=$env:CARD_SYSTEM_TOPIC_NAME containerName=$env:CARD_CONTAINER_NAME functionName=$env:CARD_UPLOADED_FUNCTION_NAME `
  --output none
if ($LASTEXITCODE -ne 0) { throw 'postdeploy: creating the Event Grid subscription failed' }

azd env set BLOB_EVENT_SUBSCRIPTION_ENABLED true
Write-Host "postdeploy: Event Grid subscription for $env:CARD_CONTAINER_NAME -> $env:CARD_UPLOADED_FUNCTION_NAME is in place"

# Inbound SMS (STOP/HELP/START) and delivery reports: ACS -> Event Grid -> POST /api/notifications/inbound (see postdeploy.sh).
foreach ($name in 'ACS_NAME', 'ACS_SYSTEM_TOPIC_NAME') {
    if (-not [Environment]::GetEnvironmentVariable($name)) { throw "$name is not set; run through azd" }
}
az deployment group create `
  --resource-group $env:AZURE_RESOURCE_GROUP `
  --name sms-event-subscription `
  --template-file infra/app/sms-event-subscription.bicep `
  --parameters functionAppName=$env:AZURE_FUNCTION_APP_NAME communicationName=$env:ACS_NAME systemTopicName=$env:ACS_SYSTEM_TOPIC_NAME `
  --output none
if ($LASTEXITCODE -ne 0) { throw 'postdeploy: creating the Event Grid subscription for inbound SMS failed' }
azd env set SMS_EVENT_SUBSCRIPTION_ENABLED true
Write-Host 'postdeploy: Event Grid subscription for inbound SMS -> /api/notifications/inbound is in place'
