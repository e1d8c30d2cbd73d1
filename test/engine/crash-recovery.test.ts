/**
 * Durability: a real `millrace run` process is killed with SIGKILL in the middle of a run; the
 * store must hold a consistent, resumable state, and `millrace runs resume` must finish the run
 * without running again any activity that had succeeded.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { execFile } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.js';
import type { ActivityRunRecord, RunStore } from '../../src/store/store.js';
import { createTestDatabase, type TestDatabase } from '../support/create-test-database.js';
import { storeAdaptersUnderTest } from '../support/store-adapters.js';

const databases: TestDatabase[] = [];
afterAll(async () => {
  for (const database of databases) await database.drop();
});

const MILLRACE = fileURLToPath(new URL('../../bin/millrace', import.meta.url));
const PIPELINE = fileURLToPath(new URL('../fixtures/durable/pipeline.json', import.meta.url));
const run = promisify(execFile);

async function waitFor<T>(
  probe: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

function crashRecoverySuite(label: string, storeUrl: () => Promise<string>): void {
  describe(`kill -9 in the middle of a run (${label})`, () => {
    let folder: string;
    let url: string;
    let store: RunStore;

    beforeAll(async () => {
      folder = await mkdtemp(join(tmpdir(), 'millrace-crash-'));
      url = await storeUrl();
      store = await openStore(url);
    });
    afterAll(async () => {
      await store.close();
      await rm(folder, { recursive: true, force: true });
    });

    it('leaves a resumable run and finishes it without repeating succeeded activities', async () => {
      const log = join(folder, 'work.log');
      const env = { ...process.env, MILLRACE_LEASE_SECONDS: '1', MILLRACE_HOME: folder };
      const child = spawn(
        MILLRACE,
        ['run', PIPELINE, '--db', url, '--param', `log=${log}`, '--json'],
        { env, stdio: 'ignore' },
      );
      const exited = new Promise<number | null>((resolve) =>
        child.on('exit', (_code, signal) => resolve(signal === 'SIGKILL' ? -9 : _code)),
      );

      const runId = await waitFor(async () => {
        const page = await store.queryPipelineRuns({
          filters: [{ operand: 'PipelineName', operator: 'Equals', values: ['DurableLoop'] }],
        });
        const candidate = page.value[0];
        if (!candidate) return undefined;
        const done = (await store.listActivityRuns(candidate.runId)).filter(
          (r) => r.activityName === 'Work' && r.status === 'Succeeded',
        );
        return done.length >= 8 ? candidate.runId : undefined;
      }, 'eight succeeded iterations');
      child.kill('SIGKILL');
      expect(await exited).toBe(-9);

      // What the dead process left: an unfinished run, each activity run in a valid state.
      const left = await store.getPipelineRun(runId);
      expect(left?.status).toBe('InProgress');
      const before = await store.listActivityRuns(runId);
      const succeededBefore = new Set(
        before
          .filter((r) => r.activityName === 'Work' && r.status === 'Succeeded')
          .map((r) => r.scope),
      );
      expect(succeededBefore.size).toBeGreaterThanOrEqual(8);
      expect(before.every((r) => ['InProgress', 'Succeeded', 'Queued'].includes(r.status))).toBe(
        true,
      );

      // After the lease expires, another run points at it, and resuming finishes it.
      await new Promise((resolve) => setTimeout(resolve, 1_200));
      const other = await run(
        MILLRACE,
        [
          'run',
          PIPELINE,
          '--db',
          url,
          '--param',
          `log=${join(folder, 'other.log')}`,
          '--param',
          'count=1',
        ],
        { env },
      );
      expect(other.stderr).toContain('1 earlier run was interrupted');
      const resumed = await run(MILLRACE, ['runs', 'resume', runId, '--db', url, '--json'], {
        env,
      });
      const report = JSON.parse(resumed.stdout) as {
        status: string;
        activityRuns: ActivityRunRecord[];
      };
      expect(report.status).toBe('Succeeded');

      const after = await store.listActivityRuns(runId);
      const works = after.filter((r) => r.activityName === 'Work');
      const succeededPerScope = new Map<string, number>();
      for (const record of works)
        if (record.status === 'Succeeded')
          succeededPerScope.set(record.scope, (succeededPerScope.get(record.scope) ?? 0) + 1);
      expect(succeededPerScope.size).toBe(40);
      expect([...succeededPerScope.values()].every((count) => count === 1)).toBe(true);
      // Activities that succeeded before the kill kept their single attempt.
      for (const scope of succeededBefore)
        expect(works.filter((r) => r.scope === scope)).toHaveLength(1);
      // An attempt cut off by the kill is recorded as interrupted, then retried.
      for (const record of works.filter((r) => r.status === 'Failed'))
        expect(record.error?.errorCode).toBe('ActivityInterrupted');
      expect(after.filter((r) => r.status !== 'Succeeded' && r.status !== 'Failed')).toEqual([]);

      // The work itself ran once per item, except possibly the one cut off by the kill.
      const lines = (await readFile(log, 'utf8')).trim().split('\n');
      const counts = new Map<string, number>();
      for (const line of lines) counts.set(line, (counts.get(line) ?? 0) + 1);
      expect(counts.size).toBe(40);
      expect([...counts.values()].filter((count) => count > 1).length).toBeLessThanOrEqual(1);
    }, 60_000);
  });
}

for (const adapter of storeAdaptersUnderTest()) {
  crashRecoverySuite(adapter, async () => {
    if (adapter === 'sqlite')
      return join(await mkdtemp(join(tmpdir(), 'millrace-crash-db-')), 'millrace.db');
    const database = await createTestDatabase();
    databases.push(database);
    return database.connectionString;
  });
}
