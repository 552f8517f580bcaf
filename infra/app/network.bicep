// Optional private networking (main.bicep param privateNetworking): a VNet with a subnet for the
// Flex Consumption app's outbound integration and a subnet for private endpoints.

@description('Virtual network name.')
param name string

@description('Azure region.')
param location string

@description('Tags applied to every resource.')
param tags object

@description('Address space of the virtual network.')
param addressPrefix string = '10.40.0.0/16'

@description('Subnet for the app\'s outbound VNet integration (delegated to Microsoft.App/environments).')
param appSubnetPrefix string = '10.40.1.0/24'

@description('Subnet for private endpoints.')
param privateEndpointSubnetPrefix string = '10.40.2.0/24'

resource vnet 'Microsoft.Network/virtualNetworks@2024-05-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    addressSpace: {
      addressPrefixes: [
        addressPrefix
      ]
    }
    subnets: [
      {
        name: 'app'
        properties: {
          addressPrefix: appSubnetPrefix
          delegations: [
            {
              name: 'flex-consumption'
              properties: {
                serviceName: 'Microsoft.App/environments'
              }
            }
          ]
        }
      }
      {
        name: 'private-endpoints'
        properties: {
          addressPrefix: privateEndpointSubnetPrefix
          privateEndpointNetworkPolicies: 'Disabled'
        }
      }
    ]
  }
}

output id string = vnet.id
output appSubnetId string = vnet.properties.subnets[0].id
output privateEndpointSubnetId string = vnet.properties.subnets[1].id
