import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JsonObject } from '../factory/resources.js';
import { CustomActivityExecutor } from './custom-activity-executor.js';
import { buildExecutionRequest } from './execution-request-builder.js';

/** Millrace's credentials, set in this process for the test (the Custom process must not see them). */
const WITHHELD = {
  MILLRACE_SECRET_KEY: 'c2VhbGluZy1rZXktdGhhdC1tdXN0LW5vdC1sZWFrLTEyMw==',
  MILLRACE_SECRET_KEY_PREVIOUS: 'previous-key-that-must-not-leak',
  MILLRACE_SECRET_KEYVAULT1_DB_PASSWORD: 'key-vault-value-that-must-not-leak',
  MILLRACE_TOKEN: 'cli-token-that-must-not-leak',
  MILLRACE_CLIENT_SECRET: 'client-secret-that-must-not-leak',
} as const;
const INHERITED = { MILLRACE_TEST_INHERITED: 'ordinary-inherited-value' } as const;

let base: string;
beforeEach(async () => {
  base = await mkdtemp(join(tmpdir(), 'millrace-custom-env-'));
  Object.assign(process.env, WITHHELD, INHERITED);
});
afterEach(async () => {
  for (const name of [...Object.keys(WITHHELD), ...Object.keys(INHERITED)])
    delete process.env[name];
  await rm(base, { recursive: true, force: true });
});

async function environmentSeen(input: JsonObject = {}): Promise<Map<string, string>> {
  const executor = new CustomActivityExecutor({ workingFolder: base, temporaryFolder: base });
  const result = await executor.execute(
    buildExecutionRequest({
      type: 'Custom',
      name: 'PrintEnv',
      input: { command: 'env', ...input },
    }),
  );
  expect(result.status).toBe('Succeeded');
  const output = result.output as JsonObject;
  const seen = new Map<string, string>();
  for (const line of String(output['stdout']).split('\n')) {
    const equals = line.indexOf('=');
    if (equals > 0) seen.set(line.slice(0, equals), line.slice(equals + 1));
  }
  return seen;
}

describe('CustomActivityExecutor environment', () => {
  it("withholds Millrace's keys, Key Vault secrets and CLI credentials, and passes the rest", async () => {
    const seen = await environmentSeen();
    for (const [name, value] of Object.entries(WITHHELD)) {
      expect(seen.has(name), `${name} was inherited`).toBe(false);
      expect([...seen.values()].some((text) => text.includes(value))).toBe(false);
    }
    expect(seen.get('MILLRACE_TEST_INHERITED')).toBe(INHERITED.MILLRACE_TEST_INHERITED);
    expect(seen.get('MILLRACE_ACTIVITY_NAME')).toBe('PrintEnv');
  });

  it("still sets a variable of that name that the activity's own environment gives", async () => {
    const seen = await environmentSeen({
      environment: { MILLRACE_SECRET_FOR_THE_COMMAND: 'given-by-the-pipeline' },
    });
    expect(seen.get('MILLRACE_SECRET_FOR_THE_COMMAND')).toBe('given-by-the-pipeline');
    expect(seen.has('MILLRACE_SECRET_KEY')).toBe(false);
  });
});
