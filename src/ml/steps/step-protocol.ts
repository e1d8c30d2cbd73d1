/**
 * The step protocol: how a step in any language logs metrics and tags, by printing lines to
 * stdout that start with `##millrace ` followed by one JSON object:
 *
 *     ##millrace {"metric": "loss", "value": 0.25}
 *     ##millrace {"tag": "model", "value": "gbm"}
 *
 * Every other line is ordinary output. Malformed protocol lines stay in the log and are reported
 * as warnings; they never fail a step. Pure: no I/O (docs/step-protocol.md is the user's guide).
 */
import type { StepMetric } from './step-launch.js';

export const STEP_PROTOCOL_PREFIX = '##millrace ';
/** Longer stdout lines (without the line break) are ordinary output, never parsed. */
export const MAX_PROTOCOL_LINE_BYTES = 64 * 1024;
/** Metric and tag names are 1 to this many characters. */
export const MAX_PROTOCOL_NAME_LENGTH = 255;
/** Metric values kept per attempt; later ones are dropped after one warning. */
export const MAX_METRIC_VALUES = 10_000;
/** Distinct tag names kept per attempt; new names after that are dropped after one warning. */
export const MAX_TAG_NAMES = 1_000;

export type StepProtocolLine =
  | { readonly kind: 'none' }
  | { readonly kind: 'metric'; readonly name: string; readonly value: number | string | boolean }
  | { readonly kind: 'tag'; readonly name: string; readonly value: string }
  /** `reason` completes "ignored protocol line N: …". */
  | { readonly kind: 'invalid'; readonly reason: string };

const NONE: StepProtocolLine = { kind: 'none' };
const FIELD_ORDER_HINT =
  'write {"metric": "<name>", "value": <number|string|boolean>} or {"tag": "<name>", "value": "<string>"}';

/** Reads one stdout line (without its line break). */
export function parseStepProtocolLine(line: string): StepProtocolLine {
  if (!line.startsWith(STEP_PROTOCOL_PREFIX)) return NONE;
  const json = line.slice(STEP_PROTOCOL_PREFIX.length);
  let message: unknown;
  try {
    message = JSON.parse(json);
  } catch (error) {
    const cause = error instanceof SyntaxError ? error.message : String(error);
    return invalid(`not valid JSON (${cause})`);
  }
  if (typeof message !== 'object' || message === null || Array.isArray(message))
    return invalid(`expected one JSON object; ${FIELD_ORDER_HINT}`);
  const fields = message as Record<string, unknown>;
  const kind = 'metric' in fields ? 'metric' : 'tag' in fields ? 'tag' : undefined;
  if (kind === undefined) return invalid(`no "metric" or "tag" field; ${FIELD_ORDER_HINT}`);
  const unknown = Object.keys(fields).find((key) => key !== kind && key !== 'value');
  if (unknown !== undefined)
    return invalid(
      unknown === 'metric' || unknown === 'tag'
        ? 'has both "metric" and "tag"; log them on separate lines'
        : `unknown field ${JSON.stringify(unknown)}; only "${kind}" and "value" are allowed`,
    );

  const name = fields[kind];
  if (typeof name !== 'string') return invalid(`"${kind}" must be a string (the name)`);
  if (name.length === 0) return invalid(`the ${kind} name is empty`);
  if (name.length > MAX_PROTOCOL_NAME_LENGTH)
    return invalid(
      `the ${kind} name has ${name.length} characters; at most ${MAX_PROTOCOL_NAME_LENGTH} are allowed`,
    );
  if (!('value' in fields)) return invalid(`the ${kind} ${JSON.stringify(name)} has no "value"`);
  const value = fields['value'];

  if (kind === 'tag') {
    if (typeof value !== 'string')
      return invalid(`the value of tag ${JSON.stringify(name)} must be a string`);
    return { kind: 'tag', name, value };
  }
  if (typeof value === 'number') {
    // JSON.parse turns 1e999 into Infinity, which no store or chart can hold.
    if (!Number.isFinite(value))
      return invalid(`the value of metric ${JSON.stringify(name)} is not a finite number`);
    return { kind: 'metric', name, value };
  }
  if (typeof value === 'string' || typeof value === 'boolean')
    return { kind: 'metric', name, value };
  return invalid(`the value of metric ${JSON.stringify(name)} must be a number, string or boolean`);
}

function invalid(reason: string): StepProtocolLine {
  return { kind: 'invalid', reason };
}

/** One complete stdout line, numbered from 1. */
export type StdoutLine =
  | { readonly kind: 'line'; readonly lineNumber: number; readonly text: string }
  /** A line over the length limit; only whether it starts with the protocol prefix is kept. */
  | {
      readonly kind: 'overlong';
      readonly lineNumber: number;
      readonly startsWithPrefix: boolean;
    };

const LINE_FEED = 0x0a;
const CARRIAGE_RETURN = 0x0d;
const PREFIX_BYTES = Buffer.from(STEP_PROTOCOL_PREFIX);

/**
 * Cuts a byte stream into lines however it was chunked: a line (or a UTF-8 character) may be
 * split across chunks, lines end with LF or CRLF, and the last line may lack a line break. Memory
 * stays below `maxLineBytes` however long a line is.
 */
export class StdoutLineSplitter {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private overlong = false;
  private overlongStartsWithPrefix = false;
  private lineNumber = 0;

  /** (Default: `MAX_PROTOCOL_LINE_BYTES`.) */
  constructor(private readonly maxLineBytes = MAX_PROTOCOL_LINE_BYTES) {}

  /** The lines this chunk completes. */
  push(chunk: Buffer | string): StdoutLine[] {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    const lines: StdoutLine[] = [];
    let start = 0;
    for (;;) {
      const lineFeed = bytes.indexOf(LINE_FEED, start);
      if (lineFeed === -1) {
        this.append(bytes.subarray(start));
        return lines;
      }
      this.append(bytes.subarray(start, lineFeed));
      lines.push(this.takeLine());
      start = lineFeed + 1;
    }
  }

  /** The last line when the stream ended without a line break. */
  end(): StdoutLine[] {
    return this.pendingBytes > 0 || this.overlong ? [this.takeLine()] : [];
  }

  private append(part: Buffer): void {
    if (part.length === 0 || this.overlong) return;
    // One byte of room for the CR of a CRLF line ending, which does not count.
    if (this.pendingBytes + part.length > this.maxLineBytes + 1) {
      const head = Buffer.concat([...this.pending, part.subarray(0, PREFIX_BYTES.length)]);
      this.overlongStartsWithPrefix = head.subarray(0, PREFIX_BYTES.length).equals(PREFIX_BYTES);
      this.overlong = true;
      this.pending = [];
      this.pendingBytes = 0;
      return;
    }
    this.pending.push(part);
    this.pendingBytes += part.length;
  }

  private takeLine(): StdoutLine {
    this.lineNumber += 1;
    let bytes = Buffer.concat(this.pending, this.pendingBytes);
    if (bytes.at(-1) === CARRIAGE_RETURN) bytes = bytes.subarray(0, -1);
    const wasOverlong = this.overlong || bytes.length > this.maxLineBytes;
    const startsWithPrefix = this.overlong
      ? this.overlongStartsWithPrefix
      : bytes.subarray(0, PREFIX_BYTES.length).equals(PREFIX_BYTES);
    this.pending = [];
    this.pendingBytes = 0;
    this.overlong = false;
    if (wasOverlong) return { kind: 'overlong', lineNumber: this.lineNumber, startsWithPrefix };
    return { kind: 'line', lineNumber: this.lineNumber, text: bytes.toString('utf8') };
  }
}

/**
 * Collects one attempt's metrics (a series per name, in order) and tags (the last value wins),
 * within the limits, and says what to warn about.
 */
export class StepProtocolRecorder {
  private readonly metricList: StepMetric[] = [];
  private readonly tagValues = new Map<string, string>();
  private metricLimitWarned = false;
  private tagLimitWarned = false;

  /** `now` stamps each metric (Default: the wall clock). */
  constructor(private readonly now: () => Date = () => new Date()) {}

  get metrics(): readonly StepMetric[] {
    return this.metricList;
  }

  get tags(): Readonly<Record<string, string>> {
    return Object.fromEntries(this.tagValues);
  }

  /** Records the line if it is a protocol line; returns a warning for the stderr log, if any. */
  record(line: StdoutLine): string | undefined {
    if (line.kind === 'overlong')
      return line.startsWithPrefix
        ? ignored(
            line.lineNumber,
            `longer than ${MAX_PROTOCOL_LINE_BYTES} bytes, so it was treated as ordinary output`,
          )
        : undefined;
    const parsed = parseStepProtocolLine(line.text);
    switch (parsed.kind) {
      case 'none':
        return undefined;
      case 'invalid':
        return ignored(line.lineNumber, parsed.reason);
      case 'metric':
        if (this.metricList.length >= MAX_METRIC_VALUES) {
          if (this.metricLimitWarned) return undefined;
          this.metricLimitWarned = true;
          return `[millrace] metric limit reached at stdout line ${line.lineNumber}: at most ${MAX_METRIC_VALUES} metric values are kept per attempt; this and later ones are dropped`;
        }
        this.metricList.push({
          name: parsed.name,
          value: parsed.value,
          loggedAt: this.now().toISOString(),
        });
        return undefined;
      case 'tag':
        if (!this.tagValues.has(parsed.name) && this.tagValues.size >= MAX_TAG_NAMES) {
          if (this.tagLimitWarned) return undefined;
          this.tagLimitWarned = true;
          return `[millrace] tag limit reached at stdout line ${line.lineNumber}: at most ${MAX_TAG_NAMES} distinct tags are kept per attempt; new ones are dropped`;
        }
        this.tagValues.set(parsed.name, parsed.value);
        return undefined;
    }
  }
}

function ignored(lineNumber: number, reason: string): string {
  return `[millrace] ignored protocol line ${lineNumber}: ${reason}`;
}
