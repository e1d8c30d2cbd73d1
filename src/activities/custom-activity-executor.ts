/**
 * Data Factory's `Custom` activity, run on this machine instead of an Azure Batch pool: the
 * `command` runs through `/bin/sh -c` in a working folder that holds `activity.json`,
 * `linkedServices.json` and `datasets.json` as Batch's task folder does, and whatever the command
 * writes to `outputs.json` comes back as `output.customOutput`.
 */
import { mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { JsonObject, JsonValue } from '../factory/resources.js';
import type {
  ActivityExecutionRequest,
  ActivityExecutionResult,
  ActivityExecutor,
} from './activity-executor.js';
import { activityFailure } from './activity-executor.js';
import { cancelledResult, ExpectedFailure, guardExecution } from './execution-guard.js';
import { EFFECTIVE_INTEGRATION_RUNTIME } from './integration-runtime.js';
import { runShellCommand } from '../processes/run-shell-command.js';
import {
  invalidProperty,
  isJsonObject,
  optionalObject,
  optionalString,
  requiredString,
} from './type-properties.js';
import { inheritedEnvironment } from '../processes/inherited-environment.js';

export interface CustomActivityExecutorOptions {
  /** Where a relative `folderPath` starts (Default: the process's current folder). */
  readonly workingFolder?: string;
  /** Where each attempt's fresh working folder is made (Default: the OS temp folder). */
  readonly temporaryFolder?: string;
  /** Time between SIGTERM and SIGKILL when the attempt is stopped (Default: 5000). */
  readonly killGracePeriodMs?: number;
  /** Bytes kept from the end of stdout and of stderr each (Default: 1 MiB). */
  readonly tailBytes?: number;
}

/** Data Factory's limit for outputs.json. */
export const MAX_CUSTOM_OUTPUT_BYTES = 2 * 1024 * 1024;
/** How much of stderr an error message quotes; the output has the whole tail. */
const STDERR_IN_MESSAGE_CHARS = 2000;

export class CustomActivityExecutor implements ActivityExecutor {
  readonly type = 'Custom';

  constructor(private readonly options: CustomActivityExecutorOptions = {}) {}

  execute(request: ActivityExecutionRequest): Promise<ActivityExecutionResult> {
    return guardExecution(request, () => this.run(request));
  }

  private async run(request: ActivityExecutionRequest): Promise<ActivityExecutionResult> {
    const { input } = request;
    const command = requiredString(input, 'command');
    const folderPath = optionalString(input, 'folderPath');
    const extendedProperties = optionalObject(input, 'extendedProperties') ?? {};
    const environment = optionalObject(input, 'environment') ?? {};
    const env = processEnvironment(request, extendedProperties, environment);

    // Like Azure Batch, which downloads folderPath into a fresh task folder, every attempt works in
    // a folder of its own; folderPath's entries are linked into it rather than copied.
    const source =
      folderPath === undefined || folderPath === ''
        ? undefined
        : await existingFolder(resolve(this.options.workingFolder ?? process.cwd(), folderPath));
    const folder = await mkdtemp(
      join(this.options.temporaryFolder ?? tmpdir(), 'millrace-custom-'),
    );
    try {
      if (source !== undefined) await linkEntries(source, folder);
      await writeRuntimeFiles(folder, request);
      const outcome = await runShellCommand({
        command,
        cwd: folder,
        env,
        signal: request.signal,
        killGracePeriodMs: this.options.killGracePeriodMs,
        tailBytes: this.options.tailBytes,
      });
      if (outcome.kind === 'spawnFailed')
        return activityFailure(
          '2500',
          `Hit unexpected exception and execution failed: the command could not be started (${outcome.message}).`,
          request.activity.name,
        );

      const output: JsonObject = {
        exitcode: outcome.exitCode,
        stdout: outcome.stdout,
        stderr: outcome.stderr,
        effectiveIntegrationRuntime: EFFECTIVE_INTEGRATION_RUNTIME,
        executionDuration: Math.round(outcome.durationMs / 1000),
      };
      if (outcome.aborted) return cancelledResult(request, output);

      const customOutput = await readCustomOutput(folder);
      if (customOutput.kind === 'value') output['customOutput'] = customOutput.value;

      if (outcome.exitCode !== 0) {
        const ending =
          outcome.terminatedBy === null
            ? `exited with code ${outcome.exitCode}`
            : `was ended by ${outcome.terminatedBy} (exit code ${outcome.exitCode})`;
        return {
          ...activityFailure(
            '2500',
            `The command ${ending}. ${describeStderr(outcome.stderr)} The activity output has the end of stdout and stderr.`,
            request.activity.name,
          ),
          output,
        };
      }
      if (customOutput.kind === 'error')
        return {
          ...activityFailure(customOutput.code, customOutput.message, request.activity.name),
          output,
        };
      return { status: 'Succeeded', output };
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  }
}

async function linkEntries(source: string, target: string): Promise<void> {
  for (const entry of await readdir(source)) {
    if (RUNTIME_FILES.has(entry)) continue;
    await symlink(join(source, entry), join(target, entry));
  }
}

async function existingFolder(path: string): Promise<string> {
  const info = await stat(path).catch(() => undefined);
  if (info?.isDirectory() !== true)
    throw new ExpectedFailure(
      '2507',
      `The folder path does not exist or is not a folder: '${path}'. Relative folderPath values start at the executor's working folder.`,
    );
  return path;
}

/**
 * The process inherits Millrace's environment (it runs the user's own code on the user's own
 * machine) minus Millrace's credentials (see inherited-environment.ts), then gets the run's identity,
 * `extendedProperties` as MILLRACE_EXT_<NAME> and `environment` last, where `null` removes an
 * inherited variable.
 */
function processEnvironment(
  request: ActivityExecutionRequest,
  extendedProperties: JsonObject,
  environment: JsonObject,
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...inheritedEnvironment(),
    MILLRACE_PIPELINE_RUN_ID: request.pipelineRunId,
    MILLRACE_ACTIVITY_RUN_ID: request.activityRunId,
    MILLRACE_ACTIVITY_NAME: request.activity.name,
    MILLRACE_ATTEMPT: String(request.attempt),
  };
  for (const [name, value] of Object.entries(extendedProperties)) {
    const text = environmentText(value);
    if (text !== undefined)
      env[`MILLRACE_EXT_${name.toUpperCase().replace(/[^A-Z0-9_]/g, '_')}`] = text;
  }
  for (const [name, value] of Object.entries(environment)) {
    if (name === '' || /[=\0]/.test(name))
      throw invalidProperty(
        `environment.${name}`,
        'is not a valid environment variable name (it must be non-empty, without "=").',
      );
    const text = environmentText(value);
    if (text === undefined) delete env[name];
    else env[name] = text;
  }
  return env;
}

/** Strings as they are, a SecureString's value, anything else as JSON; undefined for null. */
function environmentText(value: JsonValue): string | undefined {
  if (value === null) return undefined;
  if (typeof value === 'string') return value;
  if (isJsonObject(value) && value['type'] === 'SecureString' && typeof value['value'] === 'string')
    return value['value'];
  return JSON.stringify(value);
}

/**
 * What Batch puts beside the command. `activity.json` is the activity with its resolved
 * typeProperties (the `environment` extension left out: it already reached the process and may
 * hold secrets). The referenced linked services and datasets are not resolved for executors yet,
 * so their files hold empty lists.
 */
async function writeRuntimeFiles(folder: string, request: ActivityExecutionRequest): Promise<void> {
  const typeProperties = { ...request.input };
  delete typeProperties['environment'];
  const activity: JsonObject = { ...request.activity.json, typeProperties };
  await writeFile(join(folder, 'activity.json'), JSON.stringify(activity, null, 2));
  await writeFile(join(folder, 'linkedServices.json'), '[]');
  await writeFile(join(folder, 'datasets.json'), '[]');
}

/** Files Millrace writes or reads in the working folder; folderPath's own copies are not linked. */
const RUNTIME_FILES = new Set([
  'activity.json',
  'linkedServices.json',
  'datasets.json',
  'outputs.json',
]);

type CustomOutput =
  | { readonly kind: 'none' }
  | { readonly kind: 'value'; readonly value: JsonValue }
  | {
      readonly kind: 'error';
      readonly code: '2001' | 'CUSTOM_INVALID_OUTPUTS';
      readonly message: string;
    };

async function readCustomOutput(folder: string): Promise<CustomOutput> {
  const path = join(folder, 'outputs.json');
  const info = await stat(path).catch(() => undefined);
  if (info === undefined || !info.isFile()) return { kind: 'none' };
  if (info.size > MAX_CUSTOM_OUTPUT_BYTES)
    return {
      kind: 'error',
      code: '2001',
      message: `The length of execution output is over limit: outputs.json has ${info.size} bytes, and at most 2 MB (${MAX_CUSTOM_OUTPUT_BYTES} bytes) are allowed. Write large results to files and return their paths.`,
    };
  const text = await readFile(path, 'utf8');
  try {
    return { kind: 'value', value: JSON.parse(text) as JsonValue };
  } catch (error) {
    const cause = error instanceof Error ? error.message : String(error);
    return {
      kind: 'error',
      code: 'CUSTOM_INVALID_OUTPUTS',
      message: `The command wrote an outputs.json that is not valid JSON (${cause}). Write one JSON value to it, e.g. {"rows": 42}.`,
    };
  }
}

function describeStderr(stderr: string): string {
  const trimmed = stderr.trimEnd();
  if (trimmed === '') return 'It wrote nothing to stderr.';
  const tail =
    trimmed.length > STDERR_IN_MESSAGE_CHARS
      ? `…${trimmed.slice(-STDERR_IN_MESSAGE_CHARS)}`
      : trimmed;
  return `The end of its stderr: ${tail}`;
}
