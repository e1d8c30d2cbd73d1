/**
 * Reads a parsed YAML document node by node, keeping each node's YAML path and position so every
 * problem can say where it is. Reading never throws: a value of the wrong shape is reported and
 * read as absent, so the parser goes on and reports all problems at once.
 */
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { Document, Node, YAMLMap } from 'yaml';

import type { MlSourceLocation } from './ml-pipeline-definition.js';
import { MlProblemCodes } from './ml-problems.js';
import type { MlProblem, MlProblemCode } from './ml-problems.js';

export interface YamlField {
  readonly key: string;
  readonly keyNode: Node;
  /** Null for `key:` with nothing after it. */
  readonly value: Node | null;
  readonly path: string;
}

/** A mapping whose keys were checked: duplicates and unknown keys are already reported. */
export interface YamlMapView {
  readonly path: string;
  /** Where problems about the mapping as a whole point (its key in the parent, or itself). */
  readonly anchor: Node;
  readonly fields: ReadonlyMap<string, YamlField>;
}

export function joinPath(parent: string, key: string): string {
  return parent === '' ? key : `${parent}.${key}`;
}

export class YamlReader {
  readonly problems: MlProblem[] = [];
  readonly root: Node | null;

  private constructor(
    private readonly document: Document.Parsed,
    private readonly lineCounter: LineCounter,
    private readonly text: string,
    readonly file: string,
  ) {
    this.root = this.resolve(document.contents);
  }

  /** Parses `text`; YAML syntax errors are already in `problems`. */
  static parse(text: string, file: string): YamlReader {
    const lineCounter = new LineCounter();
    // Duplicate keys are checked by `map()` so they get their own code and path.
    const document = parseDocument(text, { lineCounter, uniqueKeys: false, prettyErrors: false });
    const reader = new YamlReader(document, lineCounter, text, file);
    for (const error of document.errors) {
      const firstLine = error.message.split('\n')[0] ?? error.message;
      reader.reportAtOffset('ML_INVALID_YAML', `Invalid YAML: ${firstLine}.`, error.pos[0], '');
    }
    return reader;
  }

  report(code: MlProblemCode, message: string, node: Node | null | undefined, path: string): void {
    this.reportAtOffset(code, message, node?.range?.[0] ?? 0, path);
  }

  /** Reports at a character offset inside the file (for placeholders within a string). */
  reportAtOffset(code: MlProblemCode, message: string, offset: number, path: string): void {
    const { line, column } = this.position(offset);
    const { severity } = MlProblemCodes[code];
    this.problems.push({ code, severity, message, file: this.file, line, column, path });
  }

  locate(node: Node | null | undefined, path: string): MlSourceLocation {
    return { ...this.position(node?.range?.[0] ?? 0), path };
  }

  /** The raw source text of a node, to find placeholders at their exact offsets. */
  sourceOf(node: Node): { readonly text: string; readonly offset: number } | undefined {
    const range = node.range;
    if (!range) return undefined;
    return { text: this.text.slice(range[0], range[1]), offset: range[0] };
  }

  resolve(node: unknown): Node | null {
    if (isAlias(node)) return (node.resolve(this.document) as Node | undefined) ?? null;
    if (isMap(node) || isSeq(node) || isScalar(node)) return node;
    return null;
  }

  /**
   * Reads a mapping. `allowedKeys` (when given) turns other keys into ML_UNKNOWN_FIELD warnings.
   * A null value reads as an empty mapping when `nullIsEmpty`.
   */
  map(
    node: Node | null,
    path: string,
    anchor: Node | null,
    options: { readonly allowedKeys?: readonly string[]; readonly nullIsEmpty?: boolean } = {},
  ): YamlMapView | undefined {
    const resolved = this.resolve(node);
    const at = anchor ?? resolved;
    if (resolved === null || (isScalar(resolved) && resolved.value === null)) {
      if (options.nullIsEmpty)
        return { path, anchor: at ?? resolved ?? this.root!, fields: new Map() };
      this.report('ML_INVALID_VALUE', `"${path}" must be a mapping of keys to values.`, at, path);
      return undefined;
    }
    if (!isMap(resolved)) {
      this.report(
        'ML_INVALID_VALUE',
        `"${path}" must be a mapping of keys to values.`,
        resolved,
        path,
      );
      return undefined;
    }
    return {
      path,
      anchor: at ?? resolved,
      fields: this.fieldsOf(resolved, path, options.allowedKeys),
    };
  }

  private fieldsOf(
    map: YAMLMap,
    path: string,
    allowedKeys: readonly string[] | undefined,
  ): Map<string, YamlField> {
    const fields = new Map<string, YamlField>();
    for (const pair of map.items) {
      const keyNode = this.resolve(pair.key);
      if (keyNode === null || !isScalar(keyNode) || typeof keyNode.value !== 'string') {
        this.report(
          'ML_INVALID_VALUE',
          `Keys under "${path || 'the document'}" must be strings.`,
          keyNode ?? map,
          path,
        );
        continue;
      }
      const key = keyNode.value;
      const fieldPath = joinPath(path, key);
      if (fields.has(key)) {
        this.report(
          'ML_DUPLICATE_NAME',
          `"${key}" appears twice under "${path || 'the document'}"; keep one.`,
          keyNode,
          fieldPath,
        );
        continue;
      }
      if (allowedKeys !== undefined && !allowedKeys.includes(key)) {
        this.report(
          'ML_UNKNOWN_FIELD',
          `Unknown field "${key}" under "${path || 'the document'}" is ignored; expected one of: ${allowedKeys.join(', ')}.`,
          keyNode,
          fieldPath,
        );
        continue;
      }
      fields.set(key, { key, keyNode, value: this.resolve(pair.value), path: fieldPath });
    }
    return fields;
  }

  missing(view: YamlMapView, key: string, what = ''): void {
    this.report(
      'ML_MISSING_FIELD',
      `"${joinPath(view.path, key)}" is required${what ? `: ${what}` : ''}.`,
      view.anchor,
      joinPath(view.path, key),
    );
  }

  /** A scalar's value, or undefined for a mapping or sequence. */
  scalar(field: YamlField): string | number | boolean | null | undefined {
    if (field.value === null) return null;
    if (!isScalar(field.value)) return undefined;
    const value: unknown = field.value.value;
    if (
      value === null ||
      typeof value === 'string' ||
      typeof value === 'number' ||
      typeof value === 'boolean'
    ) {
      return value;
    }
    return undefined;
  }

  string(
    view: YamlMapView,
    key: string,
    options: { readonly required?: boolean } = {},
  ): string | undefined {
    const field = view.fields.get(key);
    if (field === undefined) {
      if (options.required) this.missing(view, key);
      return undefined;
    }
    const value = this.scalar(field);
    if (typeof value === 'string' && (value !== '' || !options.required)) return value;
    // Numbers read as text where text is expected (`version: 1`), like Azure ML.
    if (typeof value === 'number') return String(value);
    this.invalid(field, 'a non-empty string');
    return undefined;
  }

  boolean(view: YamlMapView, key: string): boolean | undefined {
    const field = view.fields.get(key);
    if (field === undefined) return undefined;
    const value = this.scalar(field);
    if (typeof value === 'boolean') return value;
    this.invalid(field, 'true or false');
    return undefined;
  }

  integer(
    view: YamlMapView,
    key: string,
    range: { readonly min: number; readonly max?: number },
  ): number | undefined {
    const field = view.fields.get(key);
    if (field === undefined) return undefined;
    const value = this.scalar(field);
    const max = range.max ?? Number.MAX_SAFE_INTEGER;
    if (typeof value === 'number' && Number.isInteger(value) && value >= range.min && value <= max)
      return value;
    this.invalid(
      field,
      range.max === undefined
        ? `an integer of at least ${range.min}`
        : `an integer from ${range.min} to ${range.max}`,
    );
    return undefined;
  }

  number(
    view: YamlMapView,
    key: string,
    range: { readonly min: number; readonly max: number },
  ): number | undefined {
    const field = view.fields.get(key);
    if (field === undefined) return undefined;
    const value = this.scalar(field);
    if (typeof value === 'number' && value >= range.min && value <= range.max) return value;
    this.invalid(field, `a number from ${range.min} to ${range.max}`);
    return undefined;
  }

  oneOf<T extends string>(view: YamlMapView, key: string, allowed: readonly T[]): T | undefined {
    const field = view.fields.get(key);
    if (field === undefined) return undefined;
    const value = this.scalar(field);
    const match = allowed.find((candidate) => candidate === value);
    if (match !== undefined) return match;
    this.invalid(field, `one of ${allowed.join(', ')}`);
    return undefined;
  }

  invalid(field: YamlField, expected: string): void {
    const shown = this.show(field);
    this.report(
      'ML_INVALID_VALUE',
      `"${field.path}" must be ${expected}, not ${shown}.`,
      field.value ?? field.keyNode,
      field.path,
    );
  }

  private show(field: YamlField): string {
    if (field.value === null) return 'empty';
    if (isMap(field.value)) return 'a mapping';
    if (isSeq(field.value)) return 'a list';
    return JSON.stringify(this.scalar(field) ?? null);
  }

  private position(offset: number): { readonly line: number; readonly column: number } {
    const { line, col } = this.lineCounter.linePos(offset);
    return { line: Math.max(line, 1), column: Math.max(col, 1) };
  }
}
