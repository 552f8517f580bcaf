// Azure RBAC role assignments for one principal over the resources of the resource group.
// Names are guid(scope, principal, role): a redeploy is idempotent, and a re-created app (new
// identity) gets new assignments instead of colliding with orphaned ones.

@description('Object id of the principal that receives the roles.')
param principalId string

@description('ServicePrincipal for a managed identity, User or Group for people.')
@allowed([
  'ServicePrincipal'
  'User'
  'Group'
])
param principalType string

@description('Storage account name.')
param storageAccountName string

@description('Role definition ids granted on the storage account.')
param storageRoleIds array

@description('Key Vault name.')
param keyVaultName string

@description('Role definition ids granted on the Key Vault.')
param keyVaultRoleIds array

@description('Application Insights component name.')
param applicationInsightsName string

@description('Role definition ids granted on Application Insights.')
param applicationInsightsRoleIds array

@description('Document Intelligence account name.')
param documentIntelligenceName string

@description('Role definition ids granted on Document Intelligence.')
param documentIntelligenceRoleIds array

@description('Communication Services resource name.')
param communicationName string

@description('Role definition ids granted on Communication Services.')
param communicationRoleIds array

resource storage 'Microsoft.Storage/storageAccounts@2024-01-01' existing = {
  name: storageAccountName
}

resource vault 'Microsoft.KeyVault/vaults@2024-11-01' existing = {
  name: keyVaultName
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource documentIntelligence 'Microsoft.CognitiveServices/accounts@2024-10-01' existing = {
  name: documentIntelligenceName
}

resource communication 'Microsoft.Communication/communicationServices@2023-04-01' existing = {
  name: communicationName
}

resource storageRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for roleId in storageRoleIds: {
    name: guid(storage.id, principalId, roleId)
    scope: storage
    properties: {
      principalId: principalId
      principalType: principalType
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)
    }
  }
]

resource keyVaultRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for roleId in keyVaultRoleIds: {
    name: guid(vault.id, principalId, roleId)
    scope: vault
    properties: {
      principalId: principalId
      principalType: principalType
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)
    }
  }
]

resource appInsightsRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for roleId in applicationInsightsRoleIds: {
    name: guid(appInsights.id, principalId, roleId)
    scope: appInsights
    properties: {
      principalId: principalId
      principalType: principalType
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)
    }
  }
]

resource documentIntelligenceRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for roleId in documentIntelligenceRoleIds: {
    name: guid(documentIntelligence.id, principalId, roleId)
    scope: documentIntelligence
    properties: {
      principalId: principalId
      principalType: principalType
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)
    }
  }
]

resource communicationRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for roleId in communicationRoleIds: {
    name: guid(communication.id, principalId, roleId)
    scope: communication
    properties: {
      principalId: principalId
      principalType: principalType
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)
    }
  }
]

output assignmentCount int = length(storageRoleIds) + length(keyVaultRoleIds) + length(applicationInsightsRoleIds) + length(documentIntelligenceRoleIds) + length(communicationRoleIds)
