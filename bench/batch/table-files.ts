/**
 * The big files of the `batch` bench suite: synthesized loans (in a child process, so that this
 * process, whose memory the suite measures, never holds the synthesizer's garbage) and a cheap
 * check of a predictions file.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { once } from 'node:events';
import { mkdir, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

const SYNTHESIZER_CLI = join(import.meta.dirname, '..', 'synthesize', 'cli.ts');
const LF = 0x0a;

export interface SynthesizedTable {
  /** The path in the datastore. */
  readonly path: string;
  readonly file: string;
  readonly bytes: number;
  readonly ms: number;
}

/** `rows` loans grown from the real ones into `<datastore folder>/bench/loans-<rows>/loans.csv`. */
export async function synthesizeLoans(
  realData: string,
  datastoreFolder: string,
  rows: number,
  seed: number,
): Promise<SynthesizedTable> {
  const path = `bench/loans-${rows}/loans.csv`;
  const file = join(datastoreFolder, path);
  await mkdir(dirname(file), { recursive: true });
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [
      ...['--import', tsx, SYNTHESIZER_CLI, '--in', realData, '--label', 'Class'],
      ...['--rows', String(rows), '--seed', String(seed), '--out', file],
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`the synthesizer exited with ${code}`);
  return { path, file, bytes: (await stat(file)).size, ms: performance.now() - started };
}

/** Lines (LF bytes) and the sha256 of a file, in one streaming pass. */
export async function countLinesAndHash(
  file: string,
): Promise<{ readonly lines: number; readonly sha256: string }> {
  const hash = createHash('sha256');
  let lines = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: 1024 * 1024 })) {
    const buffer = chunk as Buffer;
    hash.update(buffer);
    for (let at = buffer.indexOf(LF); at !== -1; at = buffer.indexOf(LF, at + 1)) lines += 1;
  }
  return { lines, sha256: hash.digest('hex') };
}
