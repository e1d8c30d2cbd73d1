/**
 * The messages between the parent (the parallel step runner) and a worker process, one JSON object
 * per line on the worker's file descriptor 3 (its stdout and stderr stay free for the entry
 * script's logs). Both sides validate what they receive: a line that is not one of these messages
 * is a protocol error, never a guess.
 *
 * Parent → worker: `run` (one mini-batch; one at a time). Closing the channel asks the worker to
 * exit.
 * Worker → parent: `ready` (the entry script loaded and its init() returned) or `init-failed`
 * once, then one `run-succeeded` or `run-failed` per `run`, in the order of the `run`s. A
 * `run-succeeded` with `lineBytes` N > 0 is followed on the channel by N raw bytes: the result
 * lines (see `channel-reader.ts`).
 */
import { TABLE_FORMATS, type MiniBatch } from './mini-batch.js';

export interface RunMessage {
  readonly kind: 'run';
  readonly miniBatch: MiniBatch;
  /** 1 for the first try of this mini-batch. */
  readonly attempt: number;
  readonly workerIndex: number;
  /** False for summary_only: only the number of results travels back. */
  readonly sendResults: boolean;
}

export type ParentMessage = RunMessage;

export type WorkerMessage =
  | { readonly kind: 'ready'; readonly pid: number }
  | { readonly kind: 'init-failed'; readonly message: string }
  | {
      readonly kind: 'run-succeeded';
      readonly miniBatchIndex: number;
      readonly attempt: number;
      /** How many results run() returned. */
      readonly resultCount: number;
      /**
       * The results themselves when the run message asked for them and the worker sends values
       * (Python), else null.
       */
      readonly results: readonly unknown[] | null;
      /**
       * When the run message asked for results and the worker formats them itself (Node): the
       * size in bytes of the append_row lines (UTF-8, each ending with `\n`) that follow this
       * message on the channel as they are; else absent.
       */
      readonly lineBytes?: number;
    }
  | {
      readonly kind: 'run-failed';
      readonly miniBatchIndex: number;
      readonly attempt: number;
      readonly message: string;
    };

export type WorkerMessageKind = WorkerMessage['kind'];

/** A received line that is not a valid message: why, for the step's error log. */
export interface ProtocolViolation {
  readonly kind: 'protocol-violation';
  readonly reason: string;
}

type Fields = Record<string, unknown>;

const isFields = (value: unknown): value is Fields =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isCount = (value: unknown): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
const isPositiveCount = (value: unknown): value is number => isCount(value) && value >= 1;
const isString = (value: unknown): value is string => typeof value === 'string';
const isStringArray = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every(isString);

/** Each kind lists the checks its fields must pass; the compiler refuses a kind left out. */
const WORKER_MESSAGE_FIELDS: Record<
  WorkerMessageKind,
  Record<string, (value: unknown) => boolean>
> = {
  ready: { pid: isPositiveCount },
  'init-failed': { message: isString },
  'run-succeeded': {
    miniBatchIndex: isCount,
    attempt: isPositiveCount,
    resultCount: isCount,
    results: (value) => value === null || Array.isArray(value),
    lineBytes: (value) => value === undefined || isCount(value),
  },
  'run-failed': { miniBatchIndex: isCount, attempt: isPositiveCount, message: isString },
};

function parseJsonObject(line: string): { readonly fields: Fields } | ProtocolViolation {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { kind: 'protocol-violation', reason: `not JSON: ${preview(line)}` };
  }
  return isFields(value)
    ? { fields: value }
    : { kind: 'protocol-violation', reason: `not a JSON object: ${preview(line)}` };
}

function checkFields(
  fields: Fields,
  checks: Record<string, (value: unknown) => boolean>,
): ProtocolViolation | null {
  for (const [name, check] of Object.entries(checks))
    if (!check(fields[name]))
      return {
        kind: 'protocol-violation',
        reason: `${String(fields.kind)} message with a missing or invalid "${name}"`,
      };
  return null;
}

export function parseWorkerMessage(line: string): WorkerMessage | ProtocolViolation {
  const parsed = parseJsonObject(line);
  if (!('fields' in parsed)) return parsed;
  const { fields } = parsed;
  const kind = fields.kind;
  if (!isString(kind) || !Object.hasOwn(WORKER_MESSAGE_FIELDS, kind))
    return { kind: 'protocol-violation', reason: `unknown message kind: ${preview(line)}` };
  const violation = checkFields(fields, WORKER_MESSAGE_FIELDS[kind as WorkerMessageKind]);
  return violation ?? (fields as unknown as WorkerMessage);
}

const isMiniBatch = (value: unknown): value is MiniBatch => {
  if (!isFields(value) || !isCount(value.index)) return false;
  if (value.kind === 'files') return isStringArray(value.paths);
  return (
    value.kind === 'table' &&
    isString(value.file) &&
    (TABLE_FORMATS as readonly unknown[]).includes(value.format) &&
    isCount(value.start) &&
    isCount(value.end) &&
    value.end >= value.start &&
    isCount(value.rowCount) &&
    (value.columns === null || isStringArray(value.columns))
  );
};

const RUN_MESSAGE_FIELDS = {
  miniBatch: isMiniBatch,
  attempt: isPositiveCount,
  workerIndex: isCount,
  sendResults: (value: unknown) => typeof value === 'boolean',
};

export function parseParentMessage(line: string): ParentMessage | ProtocolViolation {
  const parsed = parseJsonObject(line);
  if (!('fields' in parsed)) return parsed;
  const { fields } = parsed;
  if (fields.kind !== 'run')
    return { kind: 'protocol-violation', reason: `unknown message kind: ${preview(line)}` };
  return checkFields(fields, RUN_MESSAGE_FIELDS) ?? (fields as unknown as RunMessage);
}

export function encodeMessage(message: ParentMessage | WorkerMessage): string {
  return `${JSON.stringify(message)}\n`;
}

function preview(line: string): string {
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}
