/**
 * Millrace as its users run it, for the `batch` suite: compiled to JavaScript (`npm start` and
 * `bin/millrace` run dist/), not its sources under tsx. Compiled, the parallel step starts its
 * Node workers as `node workers/node-worker.js` without the tsx loader (see
 * `src/ml/steps/parallel/worker-command.ts`), which saves each worker about 35 MB and its start.
 *
 * The suite first compiles src/ into dist/ as `npm run build` does (`tsc -p tsconfig.build.json`,
 * incrementally: a few seconds when little changed), so that it never runs a dist/ older than
 * the sources, then loads the modules it drives from dist/, typed by the sources.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as ActivityExecutors from '../../src/activities/builtin-executors.js';
import type * as MlConnector from '../../src/activities/azure-ml/ml-workspace-connector.js';
import type * as EngineSetup from '../../src/cli/engine-setup.js';
import type * as MlWorkspaceSetup from '../../src/cli/ml-workspace-setup.js';
import type * as Engine from '../../src/engine/pipeline-engine.js';
import type * as LocalDatastore from '../../src/ml/datastores/local-folder-datastore.js';
import type * as Environments from '../../src/ml/steps/node-environments.js';
import type * as CodeFolder from '../../src/ml/steps/step-code-folder.js';

const REPO = join(import.meta.dirname, '..', '..');
/** Where `npm run build` compiles Millrace to (tsconfig.build.json's outDir). */
export const COMPILED_MILLRACE = join(REPO, 'dist');
/** tsc's incremental state, inside dist/ so that it goes when dist/ is removed. */
const BUILD_INFO = join(COMPILED_MILLRACE, '.bench-batch.tsbuildinfo');

export interface CompiledMillrace {
  /** The folder holding the compiled modules (dist/'s layout). */
  readonly folder: string;
  /** `bin/millrace`, which runs the compiled CLI. */
  readonly cli: string;
  /** The compiled table slice parser, which the step's Node workers cut rows with. */
  readonly tableSliceParser: string;
  /** How long compiling took, in ms, and how many type errors tsc reported (output is emitted). */
  readonly build: { readonly ms: number; readonly typeErrors: number };
  readonly openMlWorkspace: typeof MlWorkspaceSetup.openMlWorkspace;
  readonly PipelineEngine: typeof Engine.PipelineEngine;
  readonly createBuiltinExecutors: typeof ActivityExecutors.createBuiltinExecutors;
  readonly MlWorkspaceConnector: typeof MlConnector.MlWorkspaceConnector;
  readonly parseStoredPipeline: typeof EngineSetup.parseStoredPipeline;
  readonly LocalFolderDatastore: typeof LocalDatastore.LocalFolderDatastore;
  readonly NodeEnvironments: typeof Environments.NodeEnvironments;
  readonly prepareStepCodeFolder: typeof CodeFolder.prepareStepCodeFolder;
}

/** tsc's exit status when it reported errors and emitted the output all the same. */
const EMITTED_WITH_ERRORS = 2;

/** Compiles src/ into dist/ and loads the modules the suite drives from there. */
export async function compileMillrace(): Promise<CompiledMillrace> {
  const started = performance.now();
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const child = spawn(
    process.execPath,
    [
      ...[tsc, '-p', join(REPO, 'tsconfig.build.json')],
      ...['--incremental', '--tsBuildInfoFile', BUILD_INFO],
    ],
    { cwd: REPO, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let report = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (report += text));
  const [code] = (await once(child, 'exit')) as [number | null];
  const typeErrors = report.match(/error TS\d+/g)?.length ?? 0;
  if (code !== 0 && code !== EMITTED_WITH_ERRORS)
    throw new Error(`compiling Millrace failed (tsc exited with ${code}):\n${report}`);
  const ms = performance.now() - started;
  const load = async <Module>(path: string): Promise<Module> =>
    (await import(pathToFileURL(join(COMPILED_MILLRACE, path)).href)) as Module;
  const [setup, engine, executors, connector, engineSetup, datastore, environments, codeFolder] =
    await Promise.all([
      load<typeof MlWorkspaceSetup>('cli/ml-workspace-setup.js'),
      load<typeof Engine>('engine/pipeline-engine.js'),
      load<typeof ActivityExecutors>('activities/builtin-executors.js'),
      load<typeof MlConnector>('activities/azure-ml/ml-workspace-connector.js'),
      load<typeof EngineSetup>('cli/engine-setup.js'),
      load<typeof LocalDatastore>('ml/datastores/local-folder-datastore.js'),
      load<typeof Environments>('ml/steps/node-environments.js'),
      load<typeof CodeFolder>('ml/steps/step-code-folder.js'),
    ]);
  return {
    folder: COMPILED_MILLRACE,
    cli: join(REPO, 'bin/millrace'),
    tableSliceParser: join(COMPILED_MILLRACE, 'ml/steps/parallel/table-slice-parser.js'),
    build: { ms, typeErrors },
    openMlWorkspace: setup.openMlWorkspace,
    PipelineEngine: engine.PipelineEngine,
    createBuiltinExecutors: executors.createBuiltinExecutors,
    MlWorkspaceConnector: connector.MlWorkspaceConnector,
    parseStoredPipeline: engineSetup.parseStoredPipeline,
    LocalFolderDatastore: datastore.LocalFolderDatastore,
    NodeEnvironments: environments.NodeEnvironments,
    prepareStepCodeFolder: codeFolder.prepareStepCodeFolder,
  };
}
