/**
 * The floor of the `batch` bench suite: `score-bare.mjs` in a folder that holds the step code of
 * the tabular pipelines (for its tabular-model.mjs) with the same npm environment linked in as the
 * step gets, run as one plain Node process.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { cp, mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { NodeEnvironments } from '../../src/ml/steps/node-environments.js';
import { prepareStepCodeFolder } from '../../src/ml/steps/step-code-folder.js';
import { NODE_ENVIRONMENTS, REPO, TABULAR_STEP_CODE, THRESHOLD } from './batch-workspace.js';

/** The parser the parallel step's Node workers cut rows with. */
const STEP_PARSER = join(REPO, 'src/ml/steps/parallel/table-slice-parser.ts');

/** Prepares `<scratch>/bare/code/` and gives the path of score-bare.mjs in it. */
export async function prepareBareScript(scratch: string): Promise<string> {
  const source = join(scratch, 'bare-source');
  await cp(TABULAR_STEP_CODE, source, {
    recursive: true,
    filter: (path) => !path.split('/').includes('node_modules'),
  });
  await cp(join(import.meta.dirname, 'score-bare.mjs'), join(source, 'score-bare.mjs'));
  const workingFolder = join(scratch, 'bare');
  await mkdir(workingFolder, { recursive: true });
  const prepared = await prepareStepCodeFolder({
    workingFolder,
    codeFolder: source,
    nodeEnvironments: new NodeEnvironments({ root: NODE_ENVIRONMENTS }),
    signal: new AbortController().signal,
    log: (text) => process.stderr.write(text),
  });
  if (prepared.kind !== 'ready')
    throw new Error(`preparing the bare script's folder failed: ${JSON.stringify(prepared)}`);
  return join(prepared.cwd, 'score-bare.mjs');
}

/**
 * Runs the bare script under `node --import tsx`, as Millrace starts the step's Node workers when
 * it runs from its sources (the bench does); gives the milliseconds from spawn to exit.
 */
export async function runBareScript(options: {
  readonly script: string;
  readonly model: string;
  readonly input: string;
  readonly output: string;
  readonly rowsPerBatch: number;
}): Promise<number> {
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [
      ...['--import', tsx, options.script],
      ...['--model', options.model, '--input', options.input, '--output', options.output],
      ...['--parser', STEP_PARSER, '--rows-per-batch', String(options.rowsPerBatch)],
      ...['--threshold', THRESHOLD],
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`the bare script exited with ${code}`);
  return performance.now() - started;
}
