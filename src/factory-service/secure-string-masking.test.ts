import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../factory/resources.js';
import { keepMaskedSecrets, maskSecureStrings, SECRET_MASK } from './secure-string-masking.js';

const linkedService: JsonObject = {
  name: 'Lake',
  properties: {
    type: 'AzureBlobStorage',
    typeProperties: {
      connectionString: {
        type: 'SecureString',
        value: 'DefaultEndpointsProtocol=https;AccountKey=s3cr3t',
      },
      servicePrincipalKey: { type: 'securestring', value: 'sp-secret' },
      accountKey: {
        type: 'AzureKeyVaultSecret',
        store: { referenceName: 'Vault', type: 'LinkedServiceReference' },
        secretName: 'key',
      },
    },
  },
};

describe('maskSecureStrings', () => {
  it('masks SecureString values in any letter case and leaves Key Vault references and the rest', () => {
    const masked = maskSecureStrings(linkedService) as JsonObject;
    expect(masked).toEqual({
      name: 'Lake',
      properties: {
        type: 'AzureBlobStorage',
        typeProperties: {
          connectionString: { type: 'SecureString', value: SECRET_MASK },
          servicePrincipalKey: { type: 'securestring', value: SECRET_MASK },
          accountKey: {
            type: 'AzureKeyVaultSecret',
            store: { referenceName: 'Vault', type: 'LinkedServiceReference' },
            secretName: 'key',
          },
        },
      },
    });
    expect(JSON.stringify(masked)).not.toContain('s3cr3t');
    // The input is left alone.
    expect(JSON.stringify(linkedService)).toContain('s3cr3t');
  });

  it('masks SecureString parameter defaults and values inside activity lists', () => {
    const pipeline: JsonObject = {
      properties: {
        parameters: {
          token: { type: 'SecureString', defaultValue: 'tok' },
          plain: { type: 'String', defaultValue: 'visible' },
        },
        activities: [
          {
            name: 'Call',
            type: 'WebActivity',
            typeProperties: {
              authentication: { type: 'Basic', password: { type: 'SecureString', value: 'pw' } },
            },
          },
        ],
      },
    };
    const text = JSON.stringify(maskSecureStrings(pipeline));
    expect(text).not.toContain('"tok"');
    expect(text).not.toContain('"pw"');
    expect(text).toContain('visible');
    expect(text.split(SECRET_MASK)).toHaveLength(3);
  });
});

describe('keepMaskedSecrets', () => {
  it('gives a masked value back the stored secret and takes a new value as sent', () => {
    const sent = maskSecureStrings(linkedService) as JsonObject;
    const typeProperties = (sent.properties as JsonObject).typeProperties as JsonObject;
    typeProperties.servicePrincipalKey = { type: 'SecureString', value: 'rotated' };
    const kept = keepMaskedSecrets(sent, linkedService) as JsonObject;
    const keptProperties = (kept.properties as JsonObject).typeProperties as JsonObject;
    expect(keptProperties.connectionString).toEqual({
      type: 'SecureString',
      value: 'DefaultEndpointsProtocol=https;AccountKey=s3cr3t',
    });
    expect(keptProperties.servicePrincipalKey).toEqual({ type: 'SecureString', value: 'rotated' });
  });

  it('matches activities by name, not position, and keeps a mask with nothing stored as sent', () => {
    const activity = (name: string, password: string) => ({
      name,
      type: 'WebActivity',
      typeProperties: { authentication: { password: { type: 'SecureString', value: password } } },
    });
    const stored = { activities: [activity('A', 'pa'), activity('B', 'pb')] };
    const sent = { activities: [activity('B', SECRET_MASK), activity('C', SECRET_MASK)] };
    const kept = keepMaskedSecrets(sent, stored);
    expect(kept).toEqual({ activities: [activity('B', 'pb'), activity('C', SECRET_MASK)] });
    expect(keepMaskedSecrets(sent, undefined)).toBe(sent);
  });

  it('does not take a stored value into a place that is no longer a SecureString', () => {
    const stored = { key: { type: 'SecureString', value: 'old' } };
    const sent = { key: { type: 'String', value: SECRET_MASK } };
    expect(keepMaskedSecrets(sent, stored)).toEqual(sent);
  });
});
