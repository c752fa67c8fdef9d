// UnionWeChat on Azure: one Function App running the app as a .NET isolated worker (ASP.NET Core integration), with
// its storage, identity, secrets, monitoring and staff sign-in. Deploy into an existing resource group:
//   az deployment group create -g <group> -f infra/main.bicep -p @infra/main.parameters.json
// docs/DEPLOY.md walks through every step; docs/DEPLOY-NOTES.md lists the documentation behind each choice.
//
// Hosting plan: Flex Consumption (FC1), runtime 'dotnet-isolated' version '10.0', the newest .NET the FC1 runtime
// catalog lists (dotnet-isolated 8.0, 9.0 and 10.0): Get-AzFunctionAppFlexConsumptionRuntime,
// https://learn.microsoft.com/powershell/module/az.functions/get-azfunctionappflexconsumptionruntime
// https://learn.microsoft.com/azure/azure-functions/flex-consumption-plan
// On Flex, FUNCTIONS_WORKER_RUNTIME is not an app setting (ARM rejects it): functionAppConfig.runtime carries it.
// https://learn.microsoft.com/azure/azure-functions/functions-app-settings#flex-consumption-plan-deprecations

targetScope = 'resourceGroup'

// ---------------------------------------------------------------------------------------------------------------
// Names and region

@description('Azure region. It must offer Flex Consumption: az functionapp list-flexconsumption-locations -o table')
param location string = resourceGroup().location

@description('Short lowercase prefix (letters and digits) for resource names.')
@minLength(3)
@maxLength(11)
param namePrefix string = 'unionwechat'

@description('Function app name; it becomes <name>.azurewebsites.net.')
@maxLength(60)
param functionAppName string = '${namePrefix}-${uniqueString(resourceGroup().id)}'

@description('Storage account name (3-24 lowercase letters and digits, globally unique).')
@minLength(3)
@maxLength(24)
param storageAccountName string = take('${namePrefix}${uniqueString(resourceGroup().id)}', 24)

@description('Key Vault name (3-24 letters, digits and hyphens, globally unique).')
@minLength(3)
@maxLength(24)
param keyVaultName string = take('kv-${namePrefix}-${uniqueString(resourceGroup().id)}', 24)

@description('Tags for every resource.')
param tags object = {}

// ---------------------------------------------------------------------------------------------------------------
// Plan

@description('Memory of each Flex Consumption instance, in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Most instances the app may scale out to (Flex Consumption allows 40 to 1000).')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('Instances kept warm for HTTP functions. WeChat waits 5 seconds for a reply; 1 avoids cold starts at a fixed monthly cost. 0 scales to zero.')
@minValue(0)
@maxValue(20)
param alwaysReadyHttpInstances int = 0

@description('Route outbound traffic through a NAT gateway with one static IP (needed for the WeChat IP whitelist; the NAT gateway and IP cost a fixed monthly fee).')
param staticOutboundIp bool = true

@description('Days Log Analytics keeps logs.')
@minValue(30)
@maxValue(730)
param logRetentionDays int = 30

// ---------------------------------------------------------------------------------------------------------------
// The official account (WeChat admin console → 设置与开发 → 基本配置)

@description('WeChat AppID of the official account (or of the 接口测试号).')
param wechatAppId string

@description('WeChat AppSecret. Stored in Key Vault as WeChat-AppSecret.')
@secure()
param wechatAppSecret string

@description('Server token (令牌) entered in the WeChat admin console. Stored in Key Vault as WeChat-Token.')
@secure()
param wechatToken string

@description('EncodingAESKey (43 characters) from the WeChat admin console. Stored in Key Vault as WeChat-EncodingAESKey.')
@secure()
param wechatEncodingAesKey string

@description('Base address of the WeChat API.')
param wechatApiBaseUrl string = 'https://api.weixin.qq.com'

// ---------------------------------------------------------------------------------------------------------------
// Staff sign-in (App Service Authentication with Microsoft Entra ID)

@description('Application (client) id of the Entra ID app registration staff sign in with.')
param staffAuthClientId string

@description('Client secret of that app registration; empty uses the implicit (ID token) flow. Stored in Key Vault as Staff-AuthClientSecret.')
@secure()
param staffAuthClientSecret string = ''

@description('Entra ID tenant of the staff accounts.')
param staffAuthTenantId string = tenant().tenantId

@description('Paths anyone may call without signing in: the WeChat push endpoint, the vote pages and the health probe. Everything else (/api/staff/*, the console at /api/console/*) requires an Entra ID sign-in.')
param anonymousPaths array = [
  '/api/wechat'
  '/api/vote'
  '/api/vote/*'
  '/api/health'
]

@description('More app settings, name → value, for example Staff__Keys__<name> set to a @Microsoft.KeyVault(...) reference.')
param additionalAppSettings object = {}

// ---------------------------------------------------------------------------------------------------------------
// Built-in role ids: https://learn.microsoft.com/azure/role-based-access-control/built-in-roles

var roles = {
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  storageBlobDataContributor: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
}

var deploymentContainerName = 'app-package'
var tableEndpoint = 'https://${storageAccountName}.table.${environment().suffixes.storage}'

// Versionless references with the trailing slash follow the newest secret version (refetched within 24 hours or on
// restart): https://learn.microsoft.com/azure/app-service/app-service-key-vault-references
var secretNames = {
  appSecret: 'WeChat-AppSecret'
  token: 'WeChat-Token'
  encodingAesKey: 'WeChat-EncodingAESKey'
  staffAuthClientSecret: 'Staff-AuthClientSecret'
}
var vaultUri = 'https://${keyVaultName}${environment().suffixes.keyvaultDns}/'
var secretRefs = {
  appSecret: '@Microsoft.KeyVault(SecretUri=${vaultUri}secrets/${secretNames.appSecret}/)'
  token: '@Microsoft.KeyVault(SecretUri=${vaultUri}secrets/${secretNames.token}/)'
  encodingAesKey: '@Microsoft.KeyVault(SecretUri=${vaultUri}secrets/${secretNames.encodingAesKey}/)'
  staffAuthClientSecret: '@Microsoft.KeyVault(SecretUri=${vaultUri}secrets/${secretNames.staffAuthClientSecret}/)'
}

// ---------------------------------------------------------------------------------------------------------------
// Monitoring

resource logAnalytics 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: '${namePrefix}-logs-${uniqueString(resourceGroup().id)}'
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: logRetentionDays
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: '${namePrefix}-insights-${uniqueString(resourceGroup().id)}'
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logAnalytics.id
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Identity: one user-assigned identity for the host, the app, the deployment package and Key Vault references, so
// its roles exist before the app first starts.

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: '${namePrefix}-identity'
  location: location
  tags: tags
}

// ---------------------------------------------------------------------------------------------------------------
// Storage: the app's tables and evidence blobs (container 'evidence', which the app creates itself), the host's blobs
// and queues, and the deployment package. No account keys: every caller uses the managed identity.

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: storageAccountName
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: deploymentContainerName
  properties: {
    publicAccess: 'None'
  }
}

resource tableRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, identity.id, roles.storageTableDataContributor)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageTableDataContributor)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// The app's evidence (photos, voice) goes to blobs: it reads, writes and creates its container.
resource evidenceBlobRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, identity.id, roles.storageBlobDataContributor)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDataContributor)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// The host keeps timer schedules, singleton locks and keys in blobs; Flex reads the deployment package from blobs.
// Owner covers Contributor today (one identity), but the app's own role above stays if the host's storage moves.
resource blobRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, identity.id, roles.storageBlobDataOwner)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDataOwner)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource queueRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, identity.id, roles.storageQueueDataContributor)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageQueueDataContributor)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Key Vault (RBAC mode) with the WeChat secrets, read by the app through Key Vault references.

resource keyVault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: keyVaultName
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
  }
}

resource appSecretSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: keyVault
  name: secretNames.appSecret
  properties: {
    value: wechatAppSecret
  }
}

resource tokenSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: keyVault
  name: secretNames.token
  properties: {
    value: wechatToken
  }
}

resource encodingAesKeySecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: keyVault
  name: secretNames.encodingAesKey
  properties: {
    value: wechatEncodingAesKey
  }
}

resource staffAuthClientSecretSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(staffAuthClientSecret)) {
  parent: keyVault
  name: secretNames.staffAuthClientSecret
  properties: {
    value: staffAuthClientSecret
  }
}

resource keyVaultRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(keyVault.id, identity.id, roles.keyVaultSecretsUser)
  scope: keyVault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsUser)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Static outbound IP for the WeChat IP whitelist.

module outbound 'modules/outbound.bicep' = if (staticOutboundIp) {
  name: 'outbound'
  params: {
    location: location
    namePrefix: namePrefix
    tags: tags
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The function app

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: '${namePrefix}-plan'
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

// Every configuration key the app and the host read. tests/UnionWeChat.Functions.Tests/Deployment compiles this file
// and checks that the deployed app is given each key it requires.
var baseAppSettings = [
  // Host storage through the managed identity, no connection string.
  {
    name: 'AzureWebJobsStorage__accountName'
    value: storage.name
  }
  {
    name: 'AzureWebJobsStorage__credential'
    value: 'managedidentity'
  }
  {
    name: 'AzureWebJobsStorage__clientId'
    value: identity.properties.clientId
  }
  // Set by the Flex backend; kept explicit because apps without it have failed to load functions.
  {
    name: 'FUNCTIONS_EXTENSION_VERSION'
    value: '~4'
  }
  {
    name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
    value: appInsights.properties.ConnectionString
  }
  // DefaultAzureCredential picks the user-assigned identity from AZURE_CLIENT_ID.
  {
    name: 'AZURE_CLIENT_ID'
    value: identity.properties.clientId
  }
  {
    name: 'WeChat__AppId'
    value: wechatAppId
  }
  {
    name: 'WeChat__AppSecret'
    value: secretRefs.appSecret
  }
  {
    name: 'WeChat__Token'
    value: secretRefs.token
  }
  {
    name: 'WeChat__EncodingAESKey'
    value: secretRefs.encodingAesKey
  }
  {
    name: 'WeChat__ApiBaseUrl'
    value: wechatApiBaseUrl
  }
  // Managed identity instead of Storage__ConnectionString.
  {
    name: 'Storage__TableEndpoint'
    value: tableEndpoint
  }
  {
    name: 'Storage__BlobEndpoint'
    value: storage.properties.primaryEndpoints.blob
  }
  // App Service Authentication sits in front of the app; trust its X-MS-CLIENT-PRINCIPAL headers.
  {
    name: 'Staff__TrustAppServiceAuthentication'
    value: 'true'
  }
]

// Only when a client secret was given (otherwise App Service Authentication uses the ID-token flow).
var authSecretAppSetting = [
  {
    name: 'MICROSOFT_PROVIDER_AUTHENTICATION_SECRET'
    value: secretRefs.staffAuthClientSecret
  }
]

var alwaysReadyHttp = [
  {
    name: 'http'
    instanceCount: alwaysReadyHttpInstances
  }
]

var extraAppSettings = [
  for setting in items(additionalAppSettings): {
    name: setting.key
    value: setting.value
  }
]

resource functionApp 'Microsoft.Web/sites@2024-04-01' = {
  name: functionAppName
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identity.id
    // Null when staticOutboundIp is false: the module is not deployed, and .? reads nothing from it.
    virtualNetworkSubnetId: outbound.?outputs.subnetId
    siteConfig: {
      // Flex rejects ftpsState, alwaysOn and other classic site settings; see the deprecations page above.
      minTlsVersion: '1.2'
      appSettings: concat(baseAppSettings, empty(staffAuthClientSecret) ? [] : authSecretAppSetting, extraAppSettings)
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identity.id
          }
        }
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
        alwaysReady: alwaysReadyHttpInstances > 0 ? alwaysReadyHttp : []
      }
      // Replaces FUNCTIONS_WORKER_RUNTIME and its version; the pair must be one the FC1 catalog lists (see the top).
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
  dependsOn: [
    deploymentContainer
    tableRole
    evidenceBlobRole
    blobRole
    queueRole
    keyVaultRole
    appSecretSecret
    tokenSecret
    encodingAesKeySecret
    staffAuthClientSecretSecret
  ]
}

// App Service Authentication (Easy Auth v2): staff sign in with Entra ID; the WeChat push endpoint, the vote pages
// and the health probe stay anonymous through excludedPaths (a trailing /* matches a subtree).
// https://learn.microsoft.com/azure/app-service/configure-authentication-provider-aad
// https://learn.microsoft.com/azure/app-service/configure-authentication-file-based
resource authSettings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: functionApp
  name: 'authsettingsV2'
  properties: {
    platform: {
      enabled: true
    }
    globalValidation: {
      requireAuthentication: true
      unauthenticatedClientAction: 'RedirectToLoginPage'
      redirectToProvider: 'azureactivedirectory'
      excludedPaths: anonymousPaths
    }
    httpSettings: {
      requireHttps: true
    }
    identityProviders: {
      azureActiveDirectory: {
        enabled: true
        registration: {
          clientId: staffAuthClientId
          clientSecretSettingName: empty(staffAuthClientSecret) ? null : 'MICROSOFT_PROVIDER_AUTHENTICATION_SECRET'
          openIdIssuer: '${environment().authentication.loginEndpoint}${staffAuthTenantId}/v2.0'
        }
        validation: {
          allowedAudiences: [
            'api://${staffAuthClientId}'
            staffAuthClientId
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

// ---------------------------------------------------------------------------------------------------------------
// Outputs

@description('Function app name, for az functionapp commands.')
output functionAppName string = functionApp.name

@description('Server URL (服务器地址) to paste into the WeChat admin console.')
output wechatServerUrl string = 'https://${functionApp.properties.defaultHostName}/api/wechat'

// The static IP when the outbound module is deployed; otherwise (.? gives null) the app's own possible addresses.
@description('Outbound IP addresses to enter in the WeChat IP whitelist (IP白名单).')
output outboundIpAddresses string = outbound.?outputs.publicIpAddress ?? functionApp.properties.possibleOutboundIpAddresses

@description('Key Vault holding the WeChat secrets.')
output keyVaultName string = keyVault.name

@description('Redirect URI to add to the Entra ID app registration (Web platform).')
output staffSignInRedirectUri string = 'https://${functionApp.properties.defaultHostName}/.auth/login/aad/callback'

@description('Staff console address.')
output staffConsoleUrl string = 'https://${functionApp.properties.defaultHostName}/api/console/'
