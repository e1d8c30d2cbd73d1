import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../factory/resources.js';
import { resolveLinkedServiceProperties } from './linked-service-resolution.js';
import { ResolutionFailure } from './resolve-values.js';

const properties: JsonObject = {
  type: 'AzureMLService',
  parameters: {
    endpoint: { type: 'String', defaultValue: 'http://default:8080' },
    workspace: { type: 'String' },
  },
  typeProperties: {
    millraceEndpoint: '@{linkedService().endpoint}',
    mlWorkspaceName: '@linkedService().workspace',
    servicePrincipalKey: { type: 'SecureString', value: 'the-key' },
    nested: [{ value: { type: 'SecureString', value: 'inner' } }],
  },
};

describe('resolveLinkedServiceProperties', () => {
  it('binds given values, then defaults, then null, and unwraps SecureStrings', () => {
    expect(resolveLinkedServiceProperties('ML', properties, { workspace: 'ws' })).toEqual({
      name: 'ML',
      type: 'AzureMLService',
      typeProperties: {
        millraceEndpoint: 'http://default:8080',
        mlWorkspaceName: 'ws',
        servicePrincipalKey: 'the-key',
        nested: [{ value: 'inner' }],
      },
    });
    const given = resolveLinkedServiceProperties('ML', properties, {
      endpoint: 'http://given:1',
      undeclared: 'ignored',
    });
    expect(given.typeProperties).toMatchObject({
      millraceEndpoint: 'http://given:1',
      mlWorkspaceName: null,
    });
  });

  it('throws a ResolutionFailure pointing into typeProperties for a bad expression', () => {
    let failure: unknown;
    try {
      resolveLinkedServiceProperties(
        'ML',
        { type: 'AzureMLService', typeProperties: { url: '@div(1, 0)' } },
        {},
      );
    } catch (caught) {
      failure = caught;
    }
    expect(failure).toBeInstanceOf(ResolutionFailure);
    expect((failure as ResolutionFailure).pointer).toBe('/properties/typeProperties/url');
  });
});
