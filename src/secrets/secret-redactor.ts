/**
 * The last line of defence: whatever text or JSON leaves Millrace (log lines, run records) passes
 * through a redactor that knows the plaintext secrets in play and writes `**********` in their
 * place. It knows a secret in the forms it travels in: as written, JSON-escaped (inside a JSON log
 * line, twice inside a JSON string in JSON) and URL-encoded (in a query string or form body).
 */
import { MASKED } from '../engine/run-views.js';
import type { JsonObject, JsonValue } from '../factory/resources.js';

/** Shorter values are ignored: redacting `true` or `1` would redact everything. */
export const MIN_SECRET_LENGTH = 4;

export interface SecretRedactorOptions {
  /** What replaces a secret (Default: `**********`, Data Factory's mask). */
  readonly mask?: string;
  /** Values shorter than this are not registered (Default: 4). */
  readonly minLength?: number;
}

export class SecretRedactor {
  private readonly mask: string;
  private readonly minLength: number;
  private readonly formsByValue = new Map<string, readonly string[]>();
  /** Compiled lazily after a change; null when no secret is known. */
  private pattern: RegExp | null | undefined = null;

  constructor(options: SecretRedactorOptions = {}) {
    this.mask = options.mask ?? MASKED;
    this.minLength = options.minLength ?? MIN_SECRET_LENGTH;
  }

  /** Registers a secret; returns false when it is too short to be redacted (or not a string). */
  add(value: string): boolean {
    if (typeof value !== 'string' || value.length < this.minLength) return false;
    if (this.formsByValue.has(value)) return true;
    this.formsByValue.set(value, formsOf(value));
    this.pattern = undefined;
    return true;
  }

  addAll(values: Iterable<string>): void {
    for (const value of values) this.add(value);
  }

  remove(value: string): void {
    if (this.formsByValue.delete(value)) this.pattern = undefined;
  }

  /** How many secrets it knows. */
  get size(): number {
    return this.formsByValue.size;
  }

  /** Whether the text holds a known secret in any of its forms. */
  contains(text: string): boolean {
    const pattern = this.compiled();
    if (pattern === null) return false;
    pattern.lastIndex = 0;
    return pattern.test(text);
  }

  redact(text: string): string {
    const pattern = this.compiled();
    if (pattern === null) return text;
    pattern.lastIndex = 0;
    return text.replace(pattern, this.mask);
  }

  /** A copy of the JSON with every string (and object key) redacted. */
  redactJson<T extends JsonValue>(json: T): T {
    if (this.compiled() === null) return json;
    const walk = (node: JsonValue): JsonValue => {
      if (typeof node === 'string') return this.redact(node);
      if (Array.isArray(node)) return node.map(walk);
      if (typeof node !== 'object' || node === null) return node;
      const out: JsonObject = {};
      for (const [key, value] of Object.entries(node)) {
        Object.defineProperty(out, this.redact(key), {
          value: walk(value),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return out;
    };
    return walk(json) as T;
  }

  private compiled(): RegExp | null {
    if (this.pattern !== undefined) return this.pattern;
    const forms = new Set<string>();
    for (const list of this.formsByValue.values()) for (const form of list) forms.add(form);
    // Longest first, so that a secret containing another is replaced whole.
    const sorted = [...forms].sort((a, b) => b.length - a.length);
    this.pattern = sorted.length === 0 ? null : new RegExp(sorted.map(escapeRegExp).join('|'), 'g');
    return this.pattern;
  }
}

function formsOf(value: string): string[] {
  const jsonEscaped = JSON.stringify(value).slice(1, -1);
  const twiceEscaped = JSON.stringify(jsonEscaped).slice(1, -1);
  const urlEncoded = encodeURIComponent(value);
  const formEncoded = urlEncoded.replace(/%20/g, '+');
  return [...new Set([value, jsonEscaped, twiceEscaped, urlEncoded, formEncoded])];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

/** Where log lines go: pino's destination shape (process.stdout, a file stream, sonic-boom …). */
export interface LogDestination {
  write(chunk: string): unknown;
}

/**
 * A log destination that redacts every known secret from each line before it reaches
 * `destination`. Hand it to Fastify as `logger: { stream: redactingLogStream(process.stdout,
 * redactor) }`, or to pino as its destination: pino writes one whole line per `write`, so a
 * secret is never split between two calls.
 */
export function redactingLogStream(
  destination: LogDestination,
  redactor: SecretRedactor,
): LogDestination & { flushSync?: () => void } {
  const target = destination as LogDestination & { flushSync?: () => void };
  return {
    write(chunk: string | Uint8Array): unknown {
      const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      return destination.write(redactor.redact(text));
    },
    ...(typeof target.flushSync === 'function'
      ? { flushSync: () => target.flushSync!.call(destination) }
      : {}),
  };
}
