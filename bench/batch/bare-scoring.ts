/**
 * The floor of the `batch` bench suite: `score-bare.mjs` in a folder that holds the step code of
 * the tabular pipelines (for its tabular-model.mjs) with the same npm environment linked in as the
 * step gets, run as one plain Node process.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { cp, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { NODE_ENVIRONMENTS, TABULAR_STEP_CODE, THRESHOLD, cpuTimes } from './batch-workspace.js';
import type { CompiledMillrace } from './compiled-millrace.js';

/** Prepares `<scratch>/bare/code/` and gives the path of score-bare.mjs in it. */
export async function prepareBareScript(
  scratch: string,
  millrace: CompiledMillrace,
): Promise<string> {
  const source = join(scratch, 'bare-source');
  await cp(TABULAR_STEP_CODE, source, {
    recursive: true,
    filter: (path) => !path.split('/').includes('node_modules'),
  });
  await cp(join(import.meta.dirname, 'score-bare.mjs'), join(source, 'score-bare.mjs'));
  const workingFolder = join(scratch, 'bare');
  await mkdir(workingFolder, { recursive: true });
  const prepared = await millrace.prepareStepCodeFolder({
    workingFolder,
    codeFolder: source,
    nodeEnvironments: new millrace.NodeEnvironments({ root: NODE_ENVIRONMENTS }),
    signal: new AbortController().signal,
    log: (text) => process.stderr.write(text),
  });
  if (prepared.kind !== 'ready')
    throw new Error(`preparing the bare script's folder failed: ${JSON.stringify(prepared)}`);
  return join(prepared.cwd, 'score-bare.mjs');
}

/**
 * Runs the bare script with plain `node`, as the compiled Millrace starts the step's Node
 * workers, with the workers' compiled table parser; gives the milliseconds from spawn to exit
 * and the CPU seconds the script used.
 */
export async function runBareScript(options: {
  readonly script: string;
  /** The compiled table slice parser (`CompiledMillrace.tableSliceParser`). */
  readonly parser: string;
  readonly model: string;
  readonly input: string;
  readonly output: string;
  readonly rowsPerBatch: number;
}): Promise<{ readonly ms: number; readonly cpu: number }> {
  const cpuBefore = await cpuTimes();
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [
      options.script,
      ...['--model', options.model, '--input', options.input, '--output', options.output],
      ...['--parser', options.parser, '--rows-per-batch', String(options.rowsPerBatch)],
      ...['--threshold', THRESHOLD],
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const [code] = (await once(child, 'exit')) as [number | null];
  const ms = performance.now() - started;
  if (code !== 0) throw new Error(`the bare script exited with ${code}`);
  return { ms, cpu: (await cpuTimes()).children - cpuBefore.children };
}
