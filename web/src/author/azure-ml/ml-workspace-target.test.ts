import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../api/factory-api.js';
import { workspaceTargetOf } from './ml-workspace-target.js';

const origin = 'http://127.0.0.1:8080';

/** The loan-scoring example's linked service. */
const millraceMl: JsonObject = {
  type: 'AzureMLService',
  parameters: { endpoint: { type: 'String', defaultValue: '' } },
  typeProperties: {
    subscriptionId: 'local',
    resourceGroupName: 'local',
    mlWorkspaceName: 'millrace',
    millraceEndpoint: '@{linkedService().endpoint}',
  },
};

const withEndpoint = (endpoint: unknown): JsonObject => ({
  type: 'AzureMLService',
  typeProperties: { endpoint } as JsonObject,
});

describe('workspaceTargetOf', () => {
  it('is this server without an endpoint, or with a parameter that defaults to none', () => {
    expect(workspaceTargetOf({ type: 'AzureMLService' }, {}, origin)).toEqual({
      kind: 'this-server',
    });
    expect(workspaceTargetOf(millraceMl, {}, origin)).toEqual({ kind: 'this-server' });
    expect(workspaceTargetOf(withEndpoint('http://127.0.0.1:8080/'), {}, origin)).toEqual({
      kind: 'this-server',
    });
  });

  it('is another server when the activity or the literal names one', () => {
    expect(workspaceTargetOf(millraceMl, { endpoint: 'https://ml.example:8443' }, origin)).toEqual({
      kind: 'other-server',
      url: 'https://ml.example:8443',
    });
    expect(workspaceTargetOf(withEndpoint('not a url'), {}, origin)).toEqual({
      kind: 'other-server',
      url: 'not a url',
    });
  });

  it('cannot tell for other expressions', () => {
    expect(
      workspaceTargetOf(millraceMl, { endpoint: '@pipeline().parameters.ml' }, origin),
    ).toEqual({ kind: 'unknown', expression: '@pipeline().parameters.ml' });
    expect(
      workspaceTargetOf(
        withEndpoint({ value: "@concat('http://', 'x')", type: 'Expression' }),
        {},
        origin,
      ),
    ).toEqual({ kind: 'unknown', expression: "@concat('http://', 'x')" });
  });
});
