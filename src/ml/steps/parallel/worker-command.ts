/**
 * The command line that starts a worker for an entry script: which runtime, which harness.
 *
 * Where the harnesses live, and why:
 * - The Node harness is TypeScript (`workers/node-worker.ts`), compiled with everything else, so it
 *   shares the typed protocol and the table parser with the parent and is checked by tsc and
 *   ESLint. Run from compiled `dist/` it is `workers/node-worker.js` beside this module; run from
 *   sources (Vitest, tsx) it is the `.ts` file, started with `node --import tsx`.
 * - The Python harness (`workers/python_worker.py`) is an asset tsc does not copy, so it is found
 *   from the package root (the nearest folder above this module holding `package.json`) at
 *   `src/ml/steps/parallel/workers/`, which works from `src/` and from `dist/` alike.
 */
import { constants, existsSync } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { delimiter, dirname, extname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface WorkerCommand {
  readonly kind: 'command';
  readonly runtime: 'node' | 'python';
  readonly command: string;
  /** Arguments before the entry script's own program arguments. */
  readonly args: readonly string[];
}

export interface WorkerCommandProblem {
  readonly kind: 'problem';
  readonly code: 'PARALLEL_RUNTIME_MISSING' | 'PARALLEL_INIT_FAILED';
  readonly message: string;
}

export const NODE_ENTRY_EXTENSIONS = ['.js', '.mjs', '.cjs', '.ts', '.mts', '.cts'] as const;
const TYPESCRIPT_EXTENSIONS: readonly string[] = ['.ts', '.mts', '.cts'];
export const PYTHON_EXECUTABLE = 'python3';

const ownFile = fileURLToPath(import.meta.url);
const runsFromSources = ownFile.endsWith('.ts');

/**
 * @param environment the worker's environment; python3 is looked up on its PATH.
 */
export async function resolveWorkerCommand(
  entryScriptPath: string,
  environment: NodeJS.ProcessEnv,
): Promise<WorkerCommand | WorkerCommandProblem> {
  const extension = extname(entryScriptPath).toLowerCase();
  if (extension === '.py') {
    const python = await findOnPath(PYTHON_EXECUTABLE, environment.PATH ?? '');
    if (python === null)
      return {
        kind: 'problem',
        code: 'PARALLEL_RUNTIME_MISSING',
        message:
          `${PYTHON_EXECUTABLE} is not on the PATH of the step (${environment.PATH ?? 'no PATH'}); ` +
          'install Python 3 or set PATH in the step environment.',
      };
    return {
      kind: 'command',
      runtime: 'python',
      command: python,
      args: ['-u', pythonHarnessPath(), entryScriptPath],
    };
  }
  if (!(NODE_ENTRY_EXTENSIONS as readonly string[]).includes(extension))
    return {
      kind: 'problem',
      code: 'PARALLEL_INIT_FAILED',
      message: `${entryScriptPath}: an entry script must be .py or one of ${NODE_ENTRY_EXTENSIONS.join(', ')}`,
    };
  const needsTsx = runsFromSources || TYPESCRIPT_EXTENSIONS.includes(extension);
  return {
    kind: 'command',
    runtime: 'node',
    command: process.execPath,
    args: [...(needsTsx ? ['--import', tsxLoaderUrl()] : []), nodeHarnessPath(), entryScriptPath],
  };
}

/** The first executable file named `name` in the folders of `pathValue`, or null. */
export async function findOnPath(name: string, pathValue: string): Promise<string | null> {
  for (const folder of pathValue.split(delimiter)) {
    if (folder === '') continue;
    const candidate = join(folder, name);
    const executable = await access(candidate, constants.X_OK).then(
      () => true,
      () => false,
    );
    if (executable && (await stat(candidate)).isFile()) return candidate;
  }
  return null;
}

function nodeHarnessPath(): string {
  return join(dirname(ownFile), 'workers', runsFromSources ? 'node-worker.ts' : 'node-worker.js');
}

function pythonHarnessPath(): string {
  return join(packageRoot(), 'src', 'ml', 'steps', 'parallel', 'workers', 'python_worker.py');
}

/** An absolute URL, because `--import tsx` would be resolved from the worker's cwd. */
function tsxLoaderUrl(): string {
  return pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
}

let cachedPackageRoot: string | undefined;

function packageRoot(): string {
  if (cachedPackageRoot !== undefined) return cachedPackageRoot;
  for (let folder = dirname(ownFile); ; folder = dirname(folder)) {
    if (existsSync(join(folder, 'package.json'))) return (cachedPackageRoot = folder);
    if (dirname(folder) === folder)
      throw new Error(`no package.json above ${ownFile}: cannot find the Python worker harness`);
  }
}
