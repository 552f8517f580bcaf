// Flex Consumption plan and the Functions app (.NET 10 isolated) with a system-assigned identity.
// The full app settings are written by appsettings.bicep after the role assignments exist, so Key
// Vault references resolve on the first start; the site is created with only what the host needs.

@description('Function app name; also the host name prefix ({name}.azurewebsites.net).')
param name string

@description('Flex Consumption plan name.')
param planName string

@description('Azure region.')
param location string

@description('Tags applied to every resource.')
param tags object

@description('azd service name this app deploys; azd finds the app by the azd-service-name tag.')
param serviceName string

@description('Storage account for AzureWebJobsStorage and the deployment package.')
param storageAccountName string

@description('Blob endpoint of that account (https://{account}.blob.core.windows.net/).')
param storageBlobEndpoint string

@description('Container that holds the deployment package.')
param deploymentContainerName string

@description('Application Insights connection string.')
param applicationInsightsConnectionString string

@description('Highest number of instances the app scales out to.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int

@description('Memory per instance in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int

@description('Subnet for outbound VNet integration (delegated to Microsoft.App/environments); empty for none.')
param virtualNetworkSubnetId string

resource plan 'Microsoft.Web/serverfarms@2024-11-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2024-11-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': serviceName })
  kind: 'functionapp,linux'
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientCertEnabled: false
    keyVaultReferenceIdentity: 'SystemAssigned'
    virtualNetworkSubnetId: empty(virtualNetworkSubnetId) ? null : virtualNetworkSubnetId
    siteConfig: {
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      appSettings: [
        {
          name: 'AzureWebJobsStorage__accountName'
          value: storageAccountName
        }
        {
          name: 'AzureWebJobsStorage__credential'
          value: 'managedidentity'
        }
        {
          name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
          value: applicationInsightsConnectionString
        }
        {
          name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING'
          value: 'Authorization=AAD'
        }
      ]
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storageBlobEndpoint}${deploymentContainerName}'
          authentication: {
            type: 'SystemAssignedIdentity'
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
}

// No FTP or basic-auth publishing: azd deploys with an Entra ID token.
resource ftpPolicy 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-11-01' = {
  parent: site
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmPolicy 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-11-01' = {
  parent: site
  name: 'scm'
  properties: {
    allow: false
  }
}

output name string = site.name
output id string = site.id
output principalId string = site.identity.principalId
output uri string = 'https://${site.properties.defaultHostName}'
