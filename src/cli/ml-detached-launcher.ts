/**
 * Runs each submitted ML run in a worker process of its own, `millrace ml execute <runId>`,
 * detached from the CLI that submitted it, so `millrace ml submit` can return at once and the run
 * goes on after it exits. The worker leases the run in the store like any executor; cancels
 * reach it through the store (its heartbeat reads CancelRequested), so `requestCancel` has
 * nothing to do here.
 */
import { spawn } from 'node:child_process';
import { appendFileSync, closeSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MlRunLauncher } from '../ml/workspace/ml-workspace.js';

/** The environment variable that hands the store URL to a worker without putting it on its command line. */
export const WORKER_DB_VARIABLE = 'MILLRACE_ML_WORKER_DB';

/** This installation's `bin/millrace` (the same relative place from `src/cli` and `dist/cli`). */
const MILLRACE_BIN = fileURLToPath(new URL('../../bin/millrace', import.meta.url));

export interface DetachedRunLauncherOptions {
  /** The Millrace home; worker logs go to `<home>/ml/workers/<runId>.log`. */
  readonly home: string;
  /** The store URL the worker opens. (Default: the home's SQLite file.) */
  readonly db?: string;
  /** The worker's environment. (Default: process.env.) */
  readonly environment?: NodeJS.ProcessEnv;
}

export class DetachedRunLauncher implements MlRunLauncher {
  constructor(private readonly options: DetachedRunLauncherOptions) {}

  /** Where the worker of `runId` writes its output. */
  workerLogFile(runId: string): string {
    return join(this.options.home, 'ml', 'workers', `${runId}.log`);
  }

  launch(runId: string): void {
    const logFile = this.workerLogFile(runId);
    mkdirSync(join(this.options.home, 'ml', 'workers'), { recursive: true });
    const log = openSync(logFile, 'a');
    try {
      const environment = { ...(this.options.environment ?? process.env) };
      if (this.options.db !== undefined) environment[WORKER_DB_VARIABLE] = this.options.db;
      else delete environment[WORKER_DB_VARIABLE];
      const worker = spawn(process.execPath, [MILLRACE_BIN, 'ml', 'execute', runId], {
        detached: true,
        stdio: ['ignore', log, log],
        env: environment,
      });
      // A worker that could not start leaves the run without a lease: the next worker or
      // `millrace ml execute` resumes it as an orphan.
      worker.on('error', (error) => {
        appendFileSync(logFile, `could not start the worker: ${error.message}\n`);
      });
      worker.unref();
    } finally {
      closeSync(log);
    }
  }

  requestCancel(): void {}
}
