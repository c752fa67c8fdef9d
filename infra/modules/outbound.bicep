// A virtual network whose one subnet sends all outbound traffic through a NAT gateway with a static public IP, so
// the address to enter in WeChat's IP whitelist never changes. The subnet is delegated to Microsoft.App/environments,
// as Flex Consumption virtual network integration requires:
// https://learn.microsoft.com/azure/azure-functions/flex-consumption-plan#considerations
// https://learn.microsoft.com/azure/azure-functions/functions-how-to-use-nat-gateway

@description('Azure region.')
param location string

@description('Prefix for the resource names.')
param namePrefix string

@description('Tags for every resource.')
param tags object = {}

@description('Address space of the virtual network.')
param addressPrefix string = '10.60.0.0/16'

@description('Address range of the function app subnet (a /24 leaves room for the largest scale-out).')
param subnetPrefix string = '10.60.0.0/24'

resource publicIp 'Microsoft.Network/publicIPAddresses@2023-11-01' = {
  name: '${namePrefix}-outbound-ip'
  location: location
  tags: tags
  sku: {
    name: 'Standard'
  }
  properties: {
    publicIPAllocationMethod: 'Static'
    publicIPAddressVersion: 'IPv4'
  }
}

resource natGateway 'Microsoft.Network/natGateways@2023-11-01' = {
  name: '${namePrefix}-nat'
  location: location
  tags: tags
  sku: {
    name: 'Standard'
  }
  properties: {
    idleTimeoutInMinutes: 4
    publicIpAddresses: [
      {
        id: publicIp.id
      }
    ]
  }
}

resource vnet 'Microsoft.Network/virtualNetworks@2023-11-01' = {
  name: '${namePrefix}-vnet'
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
        name: 'functions'
        properties: {
          addressPrefix: subnetPrefix
          natGateway: {
            id: natGateway.id
          }
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
    ]
  }
}

@description('Resource id of the subnet the function app integrates with.')
output subnetId string = vnet.properties.subnets[0].id

@description('The static outbound address: enter it in the WeChat IP whitelist.')
output publicIpAddress string = publicIp.properties.ipAddress
