/**
 * Runs the real CLI (`bin/millrace`, so `npm run build` first) with MILLRACE_HOME in a temporary
 * folder, optionally piping text into its standard input. `dispose()` removes the folder.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MILLRACE, type Outcome } from '../ml-cli-harness.js';

export interface IdentityCliHome {
  readonly home: string;
  readonly environment: NodeJS.ProcessEnv;
  millrace(args: readonly string[], stdin?: string): Promise<Outcome>;
  /** Runs expecting exit 0 and JSON on stdout. */
  json<T>(args: readonly string[], stdin?: string): Promise<T>;
  dispose(): Promise<void>;
}

export async function createIdentityCliHome(): Promise<IdentityCliHome> {
  const home = await mkdtemp(join(tmpdir(), 'millrace-identity-cli-'));
  const environment: NodeJS.ProcessEnv = { ...process.env, MILLRACE_HOME: home };
  for (const name of [
    'MILLRACE_SERVER',
    'MILLRACE_SECRET_KEY',
    'MILLRACE_SECRET_KEY_PREVIOUS',
    'MILLRACE_TOKEN',
    'MILLRACE_CLIENT_ID',
    'MILLRACE_CLIENT_SECRET',
  ]) {
    delete environment[name];
  }

  const millrace = (args: readonly string[], stdin?: string): Promise<Outcome> =>
    new Promise((resolve, reject) => {
      const child = spawn(MILLRACE, args, { env: environment, stdio: ['pipe', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      child.once('error', reject);
      child.once('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
      child.stdin.end(stdin ?? '');
    });

  return {
    home,
    environment,
    millrace,
    async json<T>(args: readonly string[], stdin?: string): Promise<T> {
      const outcome = await millrace(args, stdin);
      if (outcome.code !== 0) {
        throw new Error(`millrace ${args.join(' ')} exited ${outcome.code}: ${outcome.stderr}`);
      }
      return JSON.parse(outcome.stdout) as T;
    },
    dispose: () => rm(home, { recursive: true, force: true }),
  };
}
