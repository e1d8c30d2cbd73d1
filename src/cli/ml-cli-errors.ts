/**
 * How `millrace ml …` reports failures: `error <CODE>: <message>` on stderr, then the details a
 * person needs to fix the input (each pipeline problem as `file:line:column path: message`, each
 * parameter problem as `name: problem`), and the exit status. Errors are recognised by their
 * `code`, not by class, because those from a server were rebuilt from JSON.
 */
import { MlWorkspaceErrorCodes } from '../ml/workspace/ml-workspace-errors.js';
import type { JsonValue } from '../factory/resources.js';

/** Exit statuses of `millrace ml …`. */
export const MlExitCodes = {
  succeeded: 0,
  /** The run Failed or was Canceled, or the operation failed for a reason outside the input. */
  failed: 1,
  /** Bad command-line syntax, or input the workspace refused (unknown id, invalid YAML …). */
  invalid: 2,
} as const;

/** Bad command-line syntax found after commander parsed the arguments (exit status 2). */
export class CliUsageError extends Error {
  override readonly name = 'CliUsageError';
  readonly code = 'CLI_INVALID_ARGUMENT';
}

/** Codes that say the caller's input is wrong, so the exit status is 2 rather than 1. */
const INVALID_INPUT_CODES: ReadonlySet<string> = new Set([
  ...Object.keys(MlWorkspaceErrorCodes).filter(
    (code) => code.startsWith('ML_INVALID_') || code.endsWith('_NOT_FOUND'),
  ),
  'ML_PIPELINE_DISABLED',
  'ML_PARENT_RUN_INVALID',
  'ML_NAME_CONFLICT',
  'CLI_INVALID_ARGUMENT',
  'STORE_UNSUPPORTED_URL',
]);

interface CodedError {
  readonly code: string;
  readonly message: string;
  readonly details?: JsonValue;
}

function codedError(error: unknown): CodedError | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code !== 'string' || !/^[A-Z][A-Z0-9_]+$/.test(code)) return undefined;
  if (typeof message !== 'string') return undefined;
  return error as CodedError;
}

/** Writes the error to stderr and returns the exit status it calls for. */
export function reportMlError(error: unknown, write = writeStderr): number {
  const coded = codedError(error);
  if (coded === undefined) {
    write(`error: ${error instanceof Error ? error.message : String(error)}`);
    return MlExitCodes.failed;
  }
  write(`error ${coded.code}: ${coded.message}`);
  for (const line of detailLines(coded.details)) write(`  ${line}`);
  return INVALID_INPUT_CODES.has(coded.code) ? MlExitCodes.invalid : MlExitCodes.failed;
}

/** One line per problem the details list; nothing for details of another shape. */
export function detailLines(details: JsonValue | undefined): string[] {
  if (!Array.isArray(details)) return [];
  return details.flatMap((detail) => {
    if (typeof detail !== 'object' || detail === null || Array.isArray(detail)) return [];
    const { file, line, column, path, message, name, problem, severity } = detail;
    if (typeof message === 'string' && typeof file === 'string') {
      const where = `${file}:${String(line ?? 0)}:${String(column ?? 0)}`;
      const at = typeof path === 'string' && path !== '' ? ` ${path}` : '';
      const level = severity === 'warning' ? ' (warning)' : '';
      return [`${where}${at}: ${message}${level}`];
    }
    if (typeof name === 'string' && typeof problem === 'string') return [`${name}: ${problem}`];
    if (typeof message === 'string') return [message];
    return [];
  });
}

function writeStderr(line: string): void {
  process.stderr.write(`${line}\n`);
}
