// Azure AI Document Intelligence (kind FormRecognizer). Entra ID only: local (key) auth is off,
// which needs a custom subdomain.

@description('Account name; also used as the custom subdomain of the endpoint.')
param name string

@description('Azure region (prebuilt-healthInsuranceCard.us must be offered there).')
param location string

@description('Tags applied to every resource.')
param tags object

@description('Pricing tier: S0 for production, F0 for a free trial account.')
@allowed([
  'S0'
  'F0'
])
param skuName string

@description('When true the account refuses public network traffic and is reached through a private endpoint.')
param privateNetworking bool

resource account 'Microsoft.CognitiveServices/accounts@2024-10-01' = {
  name: name
  location: location
  tags: tags
  kind: 'FormRecognizer'
  sku: {
    name: skuName
  }
  properties: {
    customSubDomainName: name
    disableLocalAuth: true
    publicNetworkAccess: privateNetworking ? 'Disabled' : 'Enabled'
    networkAcls: {
      defaultAction: privateNetworking ? 'Deny' : 'Allow'
    }
  }
}

output name string = account.name
output id string = account.id
output endpoint string = account.properties.endpoint
