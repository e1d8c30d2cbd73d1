/**
 * Starts Azurite's Blob service (the `azurite` dev dependency) on a free port of 127.0.0.1 in a
 * temporary folder, for tests of the Azure Blob datastore; `stop()` ends the process and removes
 * the folder. The account is Azurite's documented development account.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BlobServiceClient } from '@azure/storage-blob';

export const AZURITE_ACCOUNT_NAME = 'devstoreaccount1';
export const AZURITE_ACCOUNT_KEY =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface AzuriteServer {
  readonly blobEndpoint: string;
  readonly connectionString: string;
  /** Creates a container (names must be 3–63 lower-case letters, digits, hyphens). */
  createContainer(name: string): Promise<void>;
  stop(): Promise<void>;
}

const BLOB_MAIN = fileURLToPath(
  new URL('../../node_modules/azurite/dist/src/blob/main.js', import.meta.url),
);

export async function startAzurite(): Promise<AzuriteServer> {
  const location = await mkdtemp(join(tmpdir(), 'millrace-azurite-'));
  const child = spawn(
    process.execPath,
    [
      BLOB_MAIN,
      '--blobHost',
      '127.0.0.1',
      '--blobPort',
      '0',
      '--location',
      location,
      '--silent',
      '--skipApiVersionCheck',
      '--loose',
      '--disableTelemetry',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let output = '';
  const origin = await new Promise<string>((resolve, reject) => {
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => (output += chunk));
    child.stdout.on('data', (chunk: string) => {
      output += chunk;
      const listening = output.match(/successfully listens on (http:\/\/[^\s]+)/);
      if (listening) resolve(listening[1]!);
    });
    child.once('error', reject);
    child.once('exit', (code) =>
      reject(new Error(`Azurite exited (${String(code)}) before listening:\n${output}`)),
    );
  });
  const blobEndpoint = `${origin}/${AZURITE_ACCOUNT_NAME}`;
  const connectionString =
    `DefaultEndpointsProtocol=http;AccountName=${AZURITE_ACCOUNT_NAME};` +
    `AccountKey=${AZURITE_ACCOUNT_KEY};BlobEndpoint=${blobEndpoint};`;
  const service = BlobServiceClient.fromConnectionString(connectionString);
  return {
    blobEndpoint,
    connectionString,
    async createContainer(name) {
      await service.getContainerClient(name).createIfNotExists();
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
      await rm(location, { recursive: true, force: true });
    },
  };
}
