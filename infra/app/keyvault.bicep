// Key Vault for clearinghouse and payer credentials: RBAC authorization (no access policies),
// soft delete and purge protection. Secrets are written only when a value is given, so a
// redeploy without values never blanks a secret an operator set.

@description('Key Vault name (3-24 characters).')
@minLength(3)
@maxLength(24)
param name string

@description('Azure region.')
param location string

@description('Tags applied to every resource.')
param tags object

@description('When true the vault refuses public network traffic and is reached through a private endpoint.')
param privateNetworking bool

@description('Clearinghouse user name; empty leaves the secret as it is (set it later with az keyvault secret set).')
@secure()
param clearinghouseUsername string

@description('Clearinghouse password; empty leaves the secret as it is.')
@secure()
param clearinghousePassword string

@description('Secret names of the clearinghouse credentials: { username: ..., password: ... }.')
param clearinghouseSecretNames object

resource vault 'Microsoft.KeyVault/vaults@2024-11-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
    publicNetworkAccess: privateNetworking ? 'Disabled' : 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: privateNetworking ? 'Deny' : 'Allow'
    }
  }
}

resource usernameSecret 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = if (!empty(clearinghouseUsername)) {
  parent: vault
  name: clearinghouseSecretNames.username
  properties: {
    value: clearinghouseUsername
    contentType: 'text/plain'
  }
}

resource passwordSecret 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = if (!empty(clearinghousePassword)) {
  parent: vault
  name: clearinghouseSecretNames.password
  properties: {
    value: clearinghousePassword
    contentType: 'text/plain'
  }
}

output name string = vault.name
output id string = vault.id
output uri string = vault.properties.vaultUri
