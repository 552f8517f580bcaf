// Azure Communication Services with an Email Communication Service and its Azure managed domain.
// The app sends as DoNotReply@<managed domain>; SMS needs a number bought separately (Acs__SmsFrom).

@description('Communication Services resource name.')
param name string

@description('Email Communication Service resource name.')
param emailServiceName string

@description('Tags applied to every resource.')
param tags object

@description('Where ACS stores data at rest, e.g. United States.')
param dataLocation string

resource emailService 'Microsoft.Communication/emailServices@2023-04-01' = {
  name: emailServiceName
  location: 'global'
  tags: tags
  properties: {
    dataLocation: dataLocation
  }
}

resource managedDomain 'Microsoft.Communication/emailServices/domains@2023-04-01' = {
  parent: emailService
  name: 'AzureManagedDomain'
  location: 'global'
  tags: tags
  properties: {
    domainManagement: 'AzureManaged'
    userEngagementTracking: 'Disabled'
  }
}

resource communication 'Microsoft.Communication/communicationServices@2023-04-01' = {
  name: name
  location: 'global'
  tags: tags
  properties: {
    dataLocation: dataLocation
    linkedDomains: [
      managedDomain.id
    ]
  }
}

output name string = communication.name
output id string = communication.id
output endpoint string = 'https://${communication.properties.hostName}'
output emailSender string = 'DoNotReply@${managedDomain.properties.mailFromSenderDomain}'
