import { describe, expect, it } from 'vitest';
import { MlWorkspaceClient } from '../../ml/workspace/ml-workspace-client.js';
import { MlWorkspaceConnector, type AzureMlLinkedService } from './ml-workspace-connector.js';

function linkedService(key: string, endpoint = 'http://127.0.0.1:8080'): AzureMlLinkedService {
  return {
    name: 'Ml',
    type: 'AzureMLService',
    typeProperties: {
      millraceEndpoint: endpoint,
      mlWorkspaceName: 'ws',
      servicePrincipalId: 'client-1',
      servicePrincipalKey: { type: 'SecureString', value: key },
    },
  };
}

describe('MlWorkspaceConnector', () => {
  it('shares one server client per endpoint and credential, so runs share a token', () => {
    const connector = new MlWorkspaceConnector();
    const first = connector.connect(linkedService('key-one'));
    expect(first).toBeInstanceOf(MlWorkspaceClient);
    expect(connector.connect(linkedService('key-one'))).toBe(first);
    expect(connector.connect(linkedService('key-two'))).not.toBe(first);
    expect(connector.connect(linkedService('key-one', 'http://127.0.0.1:9090'))).not.toBe(first);
  });

  it('gives connectFresh a client of its own, which activity runs do not share', () => {
    const connector = new MlWorkspaceConnector();
    const cached = connector.connect(linkedService('key-one'));
    const fresh = connector.connectFresh(linkedService('key-one'));
    expect(fresh).toBeInstanceOf(MlWorkspaceClient);
    expect(fresh).not.toBe(cached);
    expect(connector.connectFresh(linkedService('key-one'))).not.toBe(fresh);
    expect(connector.connect(linkedService('key-one'))).toBe(cached);
  });

  it('drops the least recently used client beyond maxClients', () => {
    const connector = new MlWorkspaceConnector({ maxClients: 2 });
    const a = connector.connect(linkedService('a'));
    const b = connector.connect(linkedService('b'));
    expect(connector.connect(linkedService('a'))).toBe(a);
    expect(connector.connect(linkedService('c'))).toBeInstanceOf(MlWorkspaceClient);
    expect(connector.connect(linkedService('a'))).toBe(a);
    expect(connector.connect(linkedService('b'))).not.toBe(b);
  });
});
