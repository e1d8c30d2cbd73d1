import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MASKED } from '../engine/run-views.js';
import type { JsonObject } from '../factory/resources.js';
import { SecretBox } from './secret-box.js';
import {
  findKeyVaultReferences,
  findSecretPlaces,
  maskResourceSecrets,
  mergeMaskedSecrets,
  openResourceSecrets,
  sealResourceSecrets,
  SECRET_MASK,
  secretPartsOf,
  secretValuesOf,
} from './secret-fields.js';

const box = new SecretBox([randomBytes(32)]);

const ACCOUNT_KEY = 'a2V5LW9mLXRoZS1hY2NvdW50LTEyMw==';
const CONNECTION = `DefaultEndpointsProtocol=https;AccountName=contoso;AccountKey=${ACCOUNT_KEY};EndpointSuffix=core.windows.net`;

/** A linked service with every kind of secret place, and things that look like one but are not. */
function linkedService(): JsonObject {
  return {
    name: 'Mixed1',
    properties: {
      type: 'AzureBlobStorage',
      parameters: {
        token: { type: 'SecureString', defaultValue: 'default-token-123' },
        region: { type: 'String', defaultValue: 'westeurope' },
      },
      typeProperties: {
        connectionString: CONNECTION,
        servicePrincipalKey: { type: 'SecureString', value: 'sp-key-value-456' },
        tenant: 'contoso.onmicrosoft.com',
        password: '@linkedService().token',
        clientSecret: 'client-secret-789',
        nested: [{ sasToken: '?sv=2022&sig=abc%2Fdef' }],
        accountKey: {
          type: 'AzureKeyVaultSecret',
          store: { referenceName: 'KeyVault1', type: 'LinkedServiceReference' },
          secretName: 'account-key',
          secretVersion: 'v2',
        },
        encryptedCredential: '',
      },
    },
  };
}

describe('findSecretPlaces', () => {
  it('finds SecureString values and defaults, and well-known secret properties', () => {
    const places = findSecretPlaces(linkedService()).map(({ pointer, kind }) => [pointer, kind]);
    expect(places).toEqual([
      ['/properties/parameters/token/defaultValue', 'SecureStringDefault'],
      ['/properties/typeProperties/connectionString', 'SecretProperty'],
      ['/properties/typeProperties/servicePrincipalKey/value', 'SecureString'],
      ['/properties/typeProperties/clientSecret', 'SecretProperty'],
      ['/properties/typeProperties/nested/0/sasToken', 'SecretProperty'],
      ['/properties/typeProperties/encryptedCredential', 'SecretProperty'],
    ]);
  });

  it('leaves expressions, Key Vault references and secret-free connection strings alone', () => {
    const pointers = findSecretPlaces(linkedService()).map((place) => place.pointer);
    expect(pointers).not.toContain('/properties/typeProperties/password');
    expect(pointers.some((pointer) => pointer.includes('accountKey'))).toBe(false);
    expect(
      findSecretPlaces({ connectionString: 'Server=db;Database=x;Integrated Security=true' }),
    ).toEqual([]);
    expect(findSecretPlaces({ connectionString: 'Server=db;Password=pw1234' })).toHaveLength(1);
  });

  it('ignores the case of type names and property names', () => {
    expect(
      findSecretPlaces({ a: { type: 'securestring', value: 'x1234' }, PassWord: 'y1234' }),
    ).toHaveLength(2);
  });

  it('finds SecureString objects in pipelines too (activity properties, parameter defaults)', () => {
    const pipeline = {
      name: 'P',
      properties: {
        parameters: { apiToken: { type: 'SecureString' } },
        activities: [
          {
            name: 'Call',
            type: 'WebActivity',
            typeProperties: {
              authentication: {
                type: 'Basic',
                username: 'me',
                password: { type: 'SecureString', value: 'web-pass-1' },
              },
            },
          },
        ],
      },
    };
    expect(findSecretPlaces(pipeline).map((place) => place.pointer)).toEqual([
      '/properties/activities/0/typeProperties/authentication/password/value',
    ]);
  });
});

describe('findKeyVaultReferences', () => {
  it('lists each reference with its store, name and version', () => {
    expect(findKeyVaultReferences(linkedService())).toEqual([
      {
        pointer: '/properties/typeProperties/accountKey',
        store: 'KeyVault1',
        secretName: 'account-key',
        secretVersion: 'v2',
      },
    ]);
  });
});

describe('sealResourceSecrets / openResourceSecrets', () => {
  it('seals every secret in place, keeps the shape, and opens back to the original', () => {
    const original = linkedService();
    const sealed = sealResourceSecrets(original, box);
    const text = JSON.stringify(sealed);
    for (const secret of [
      'default-token-123',
      'sp-key-value-456',
      'client-secret-789',
      ACCOUNT_KEY,
    ])
      expect(text).not.toContain(secret);
    const typeProperties = (sealed.properties as JsonObject).typeProperties as JsonObject;
    expect((typeProperties.servicePrincipalKey as JsonObject).type).toBe('SecureString');
    expect(
      SecretBox.isSealed(String((typeProperties.servicePrincipalKey as JsonObject).value)),
    ).toBe(true);
    expect(typeProperties.tenant).toBe('contoso.onmicrosoft.com');
    expect(typeProperties.password).toBe('@linkedService().token');
    expect(typeProperties.encryptedCredential).toBe('');
    expect(openResourceSecrets(sealed, box)).toEqual(original);
    expect(original).toEqual(linkedService());
  });

  it('treats input that looks sealed as plaintext, so a planted sealed value opens to itself', () => {
    const planted = box.seal('stolen');
    const sealed = sealResourceSecrets({ password: planted }, box);
    expect(openResourceSecrets(sealed, box)).toEqual({ password: planted });
  });

  it('throws SECRET_UNREADABLE for a value another key sealed, unless told to keep it', () => {
    const other = new SecretBox([randomBytes(32)]);
    const sealed = sealResourceSecrets({ password: 'p4ssword' }, other);
    expect(() => openResourceSecrets(sealed, box)).toThrow(
      expect.objectContaining({ code: 'SECRET_UNREADABLE' }),
    );
    expect(openResourceSecrets(sealed, box, { onUnreadable: 'keep' })).toEqual(sealed);
  });
});

describe('maskResourceSecrets', () => {
  it("masks as Data Factory does: SecureString values become '**********'", () => {
    expect(SECRET_MASK).toBe(MASKED);
    const masked = maskResourceSecrets(sealResourceSecrets(linkedService(), box));
    const typeProperties = (masked.properties as JsonObject).typeProperties as JsonObject;
    expect(typeProperties.servicePrincipalKey).toEqual({ type: 'SecureString', value: MASKED });
    expect(typeProperties.connectionString).toBe(MASKED);
    expect(typeProperties.clientSecret).toBe(MASKED);
    expect((typeProperties.accountKey as JsonObject).secretName).toBe('account-key');
    expect(JSON.stringify(masked)).not.toContain('msv1:');
  });

  it('masks SecureStrings in any letter case, inside activity lists, and leaves the input alone', () => {
    const pipeline: JsonObject = {
      properties: {
        parameters: {
          token: { type: 'securestring', defaultValue: 'token-default' },
          plain: { type: 'String', defaultValue: 'visible' },
        },
        activities: [
          {
            name: 'Call',
            type: 'WebActivity',
            typeProperties: {
              authentication: {
                type: 'Basic',
                password: { type: 'SECURESTRING', value: 'pw-1234' },
              },
            },
          },
        ],
      },
    };
    const text = JSON.stringify(maskResourceSecrets(pipeline));
    expect(text).not.toContain('token-default');
    expect(text).not.toContain('pw-1234');
    expect(text).toContain('visible');
    expect(text.split(MASKED)).toHaveLength(3);
    expect(JSON.stringify(pipeline)).toContain('pw-1234');
  });
});

describe('mergeMaskedSecrets', () => {
  it('keeps the stored secret where a PUT sends the mask back, and takes new ones', () => {
    const stored = sealResourceSecrets(linkedService(), box);
    const incoming = maskResourceSecrets(stored);
    const typeProperties = (incoming.properties as JsonObject).typeProperties as JsonObject;
    typeProperties.clientSecret = 'rotated-client-secret';
    const merged = mergeMaskedSecrets(incoming, stored, box);
    const expected = linkedService();
    ((expected.properties as JsonObject).typeProperties as JsonObject).clientSecret =
      'rotated-client-secret';
    expect(merged).toEqual(expected);
    expect(findSecretPlaces(merged).some((place) => place.value === MASKED)).toBe(false);
  });

  it('matches activities by name, not position, so reordering keeps each one its secret', () => {
    const activity = (name: string, password: string): JsonObject => ({
      name,
      type: 'WebActivity',
      typeProperties: { authentication: { password: { type: 'SecureString', value: password } } },
    });
    const stored = sealResourceSecrets(
      { activities: [activity('A', 'password-a'), activity('B', 'password-b')] },
      box,
    );
    const sent = {
      activities: [activity('B', MASKED), activity('C', MASKED), activity('A', MASKED)],
    };
    expect(mergeMaskedSecrets(sent, stored, box)).toEqual({
      activities: [activity('B', 'password-b'), activity('C', MASKED), activity('A', 'password-a')],
    });
  });

  it('gives a stored value back only to a secret place, and only from one', () => {
    const stored = { key: { type: 'SecureString', value: 'old-secret' }, note: 'visible text' };
    // The place is no longer a SecureString: the mask is sent as a plain value, kept as sent.
    const retyped = { key: { type: 'String', value: MASKED }, note: 'visible text' };
    expect(mergeMaskedSecrets(retyped, stored)).toEqual(retyped);
    // A mask where the stored resource holds no secret does not copy what is there.
    const invented = {
      key: { type: 'SecureString', value: 'x' },
      note: { type: 'SecureString', value: MASKED },
    };
    expect(mergeMaskedSecrets(invented, stored)).toEqual(invented);
  });

  it('copies the stored form when no box is given, and leaves a mask with nothing stored', () => {
    const stored = { password: 'old-password' };
    expect(mergeMaskedSecrets({ password: MASKED }, stored)).toEqual(stored);
    const merged = mergeMaskedSecrets({ password: MASKED, clientSecret: MASKED }, stored);
    expect(merged).toEqual({ password: 'old-password', clientSecret: MASKED });
  });
});

describe('secretValuesOf', () => {
  it('lists plaintexts, opening sealed ones, with the secret parts of connection strings', () => {
    const values = secretValuesOf(sealResourceSecrets(linkedService(), box), box);
    expect(values).toEqual(
      expect.arrayContaining([
        'default-token-123',
        CONNECTION,
        ACCOUNT_KEY,
        'sp-key-value-456',
        'client-secret-789',
        '?sv=2022&sig=abc%2Fdef',
        'abc%2Fdef',
        'abc/def',
      ]),
    );
    expect(values).not.toContain('');
    expect(values).not.toContain('@linkedService().token');
  });
});

describe('secretPartsOf', () => {
  it('takes keys and passwords from connection strings and signatures from URLs', () => {
    expect(secretPartsOf('Server=db;User Id=sa;Password=Pa55;')).toEqual(['Pa55']);
    expect(secretPartsOf('Endpoint=sb://x/;SharedAccessKeyName=root;SharedAccessKey=k3y=')).toEqual(
      ['k3y='],
    );
    expect(secretPartsOf('https://a.blob.core.windows.net/c?sp=r&sig=s%2Bg')).toEqual([
      's%2Bg',
      's+g',
    ]);
    expect(secretPartsOf('no secrets here')).toEqual([]);
  });
});
