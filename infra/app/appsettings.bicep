// The Functions app's settings, one place, identity-based only: endpoints and
// '__credential: managedidentity', Key Vault references for the clearinghouse credentials, never
// a key or a connection string with a secret. Names match infra/app-settings.json, which the
// code's options classes, the README table and tests/Infra.Tests all follow.

@description('Name of the existing function app.')
param functionAppName string

@description('Storage account for AzureWebJobsStorage (host, Durable task hub).')
param storageAccountName string

@description('Blob endpoint of the card storage account.')
param cardBlobEndpoint string

@description('Queue endpoint of the card storage account (blob trigger poison queue).')
param cardQueueEndpoint string

@description('Cosmos DB account endpoint.')
param cosmosEndpoint string

@description('Cosmos DB database name.')
param cosmosDatabaseName string

@description('Document Intelligence endpoint.')
param documentIntelligenceEndpoint string

@description('Document Intelligence REST API version.')
param documentIntelligenceApiVersion string

@description('Communication Services endpoint.')
param acsEndpoint string

@description('Email sender address on the managed domain.')
param acsEmailSender string

@description('SMS sender (E.164 number or alphanumeric id); may be empty.')
param acsSmsFrom string

@description('Clearinghouse base URL.')
param clearinghouseBaseUrl string

@description('Clearinghouse protocol: Core (X12 over CORE HTTP) or Json.')
@allowed([
  'Core'
  'Json'
])
param clearinghouseMode string

@description('Key Vault URI (https://{vault}.vault.azure.net/); references are versionless so a rotation needs no redeploy.')
param keyVaultUri string

@description('Secret names of the clearinghouse credentials: { username: ..., password: ... }.')
param clearinghouseSecretNames object

@description('Payer Da Vinci PAS FHIR base URL.')
param priorAuthBaseUrl string

@description('NCRONTAB schedule of the reminder sweep.')
param remindersSchedule string

@description('NCRONTAB schedule of the eligibility re-check sweep (3 days before the visit).')
param eligibilityRecheckSchedule string

@description('Patient portal base URL.')
param portalBaseUrl string

@description('IANA time zone of the clinic (the patient\'s zone when a registration names none).')
param clinicTimeZone string

@description('Start of quiet hours, HH:mm in the patient\'s local time (at most 21:00).')
param quietHoursStart string

@description('End of quiet hours, HH:mm in the patient\'s local time (at least 08:00).')
param quietHoursEnd string

@description('Application Insights connection string.')
param applicationInsightsConnectionString string

@description('Phone number the HELP reply to an inbound text names; empty: HELP gets no reply.')
param helpPhone string

@description('Patient total (dollars) at or above which an estimate opens a financial-counseling work item.')
param estimateCounselingThreshold string

@description('The hospital\'s standard-charges file, relative to the app\'s directory.')
param pricesPath string

@description('Client id of the Entra ID app registration specialists sign in with (app role Specialist); empty: no App Service authentication, and the console answers 401.')
param consoleClientId string

// The console's triggers take no function key and read who is signed in from the x-ms-client-principal header, which
// is only trustworthy when App Service authentication sits in front (it strips the header from callers' requests). So
// the setting that lets the code read it and the authentication are declared here together, on one condition.
var platformAuthentication = !empty(consoleClientId)

resource site 'Microsoft.Web/sites@2024-11-01' existing = {
  name: functionAppName
}

resource appSettings 'Microsoft.Web/sites/config@2024-11-01' = {
  parent: site
  name: 'appsettings'
  properties: {
    AzureWebJobsStorage__accountName: storageAccountName
    AzureWebJobsStorage__credential: 'managedidentity'
    CardStorage__blobServiceUri: cardBlobEndpoint
    CardStorage__queueServiceUri: cardQueueEndpoint
    CardStorage__credential: 'managedidentity'
    Cosmos__Endpoint: cosmosEndpoint
    Cosmos__Database: cosmosDatabaseName
    DocumentIntelligence__Endpoint: documentIntelligenceEndpoint
    DocumentIntelligence__ApiVersion: documentIntelligenceApiVersion
    Acs__Endpoint: acsEndpoint
    Acs__EmailSender: acsEmailSender
    Acs__SmsFrom: acsSmsFrom
    Clearinghouse__BaseUrl: clearinghouseBaseUrl
    Clearinghouse__Mode: clearinghouseMode
    Clearinghouse__Username: '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/${clearinghouseSecretNames.username})'
    Clearinghouse__Password: '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/${clearinghouseSecretNames.password})'
    PriorAuth__BaseUrl: priorAuthBaseUrl
    Forms__RequirementsFile: 'Forms/form-requirements.json'
    Reminders__Schedule: remindersSchedule
    EligibilityRecheck__Schedule: eligibilityRecheckSchedule
    Clinic__TimeZone: clinicTimeZone
    QuietHours__Start: quietHoursStart
    QuietHours__End: quietHoursEnd
    Portal__BaseUrl: portalBaseUrl
    APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsightsConnectionString
    APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'Authorization=AAD'
    InboundMessages__HelpPhone: helpPhone
    Estimates__CounselingThreshold: estimateCounselingThreshold
    Prices__Path: pricesPath
    Console__PlatformAuthentication: platformAuthentication ? 'true' : 'false'
  }
}

// App Service authentication with Entra ID. Unauthenticated requests are let through (function-key calls of machines,
// the patient page whose link token is its capability); the console's operations require the Specialist role from the
// principal this sets. No token store: the app never calls other APIs as the specialist.
resource authSettings 'Microsoft.Web/sites/config@2024-11-01' = if (platformAuthentication) {
  parent: site
  name: 'authsettingsV2'
  properties: {
    platform: {
      enabled: true
    }
    globalValidation: {
      requireAuthentication: false
      unauthenticatedClientAction: 'AllowAnonymous'
    }
    httpSettings: {
      requireHttps: true
    }
    identityProviders: {
      azureActiveDirectory: {
        enabled: true
        registration: {
          clientId: consoleClientId
          openIdIssuer: '${environment().authentication.loginEndpoint}${tenant().tenantId}/v2.0'
        }
        validation: {
          allowedAudiences: [
            consoleClientId
            'api://${consoleClientId}'
          ]
        }
      }
    }
    login: {
      tokenStore: {
        enabled: false
      }
    }
  }
}
