/**
 * Where a JSON pointer (RFC 6901, as the server's validation `target`s are) sits in a JSON text,
 * and where a JSON text stops parsing: what the JSON editor needs to draw markers. Built on the
 * same Lezer JSON grammar CodeMirror's JSON mode uses, whose parser recovers from errors, so the
 * positions of what is still well formed are found even while the text does not parse.
 */
import type { SyntaxNode } from '@lezer/common';
import { parser } from '@lezer/json';

export interface TextRange {
  readonly from: number;
  readonly to: number;
}

export interface PointerLocation extends TextRange {
  /** False when the pointer's value is absent and the range is that of its nearest present ancestor. */
  readonly exact: boolean;
}

export interface JsonSyntaxError extends TextRange {
  readonly message: string;
}

const VALUE_NODES = new Set(['Object', 'Array', 'String', 'Number', 'True', 'False', 'Null']);

/** `/a/b~1c` → `['a', 'b/c']`; `''` → `[]`; undefined when it is no pointer (no leading `/`). */
export function parsePointer(pointer: string): string[] | undefined {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) return undefined;
  return pointer
    .slice(1)
    .split('/')
    .map((token) => token.replaceAll('~1', '/').replaceAll('~0', '~'));
}

export function formatPointer(tokens: readonly (string | number)[]): string {
  return tokens
    .map((token) => `/${String(token).replaceAll('~', '~0').replaceAll('/', '~1')}`)
    .join('');
}

/**
 * The range to mark for `pointer` in `text`: a scalar member from its key to its value, an object
 * or array member by its key alone (marking a whole block hides the text), an array element by
 * itself (a container element by its opening bracket). A pointer whose value is absent (a
 * required property left out) locates its nearest present ancestor, with `exact: false`.
 * Undefined when `pointer` is no pointer or the text has no value at all.
 */
export function locatePointer(text: string, pointer: string): PointerLocation | undefined {
  const tokens = parsePointer(pointer);
  if (tokens === undefined) return undefined;
  const root = rootValue(text);
  if (root === undefined) return undefined;
  let node = root;
  for (const token of tokens) {
    const child = childValue(text, node, token);
    if (child === undefined) return { ...markerRange(node), exact: false };
    node = child;
  }
  return { ...markerRange(node), exact: true };
}

/** The pointer of the innermost value at `offset` (a cursor position), `''` for the root. */
export function pointerAtOffset(text: string, offset: number): string {
  const tokens: string[] = [];
  let node = rootValue(text);
  while (node !== undefined) {
    let next: SyntaxNode | undefined;
    if (node.name === 'Object') {
      for (const property of node.getChildren('Property')) {
        if (offset < property.from || offset > property.to) continue;
        const key = property.getChild('PropertyName');
        const value = valueOf(property);
        if (key === null) break;
        tokens.push(propertyKey(text, key));
        next = value;
        break;
      }
    } else if (node.name === 'Array') {
      const elements = elementsOf(node);
      const index = elements.findIndex((element) => offset >= element.from && offset <= element.to);
      if (index >= 0) {
        tokens.push(String(index));
        next = elements[index];
      }
    }
    node = next;
  }
  return formatPointer(tokens);
}

/**
 * Why `text` is not JSON and where, or undefined when it is. The message is the JSON parser's,
 * the position the first place the grammar cannot continue.
 */
export function jsonSyntaxError(text: string): JsonSyntaxError | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (error) {
    const raw = error instanceof Error ? error.message : String(error);
    const message = raw.replace(/ in JSON at position \d+.*$/s, '').replace(/^JSON\.parse: /, '');
    const position = errorPosition(text, raw);
    const to = Math.min(text.length, position + 1);
    return { from: Math.min(position, to), to: Math.max(to, position), message };
  }
}

function errorPosition(text: string, message: string): number {
  let found: number | undefined;
  parser.parse(text).iterate({
    enter(node) {
      if (found !== undefined) return false;
      if (node.type.isError) {
        found = node.from;
        return false;
      }
      return undefined;
    },
  });
  if (found !== undefined) return found;
  const stated = /position (\d+)/.exec(message)?.[1];
  return stated === undefined ? 0 : Math.min(Number(stated), text.length);
}

function rootValue(text: string): SyntaxNode | undefined {
  const top = parser.parse(text).topNode;
  const first = top.firstChild;
  return first !== null && VALUE_NODES.has(first.name) ? first : undefined;
}

function childValue(text: string, node: SyntaxNode, token: string): SyntaxNode | undefined {
  if (node.name === 'Object') {
    // The last of duplicate keys wins, as in JSON.parse.
    let found: SyntaxNode | undefined;
    for (const property of node.getChildren('Property')) {
      const key = property.getChild('PropertyName');
      if (key !== null && propertyKey(text, key) === token) found = valueOf(property);
    }
    return found;
  }
  if (node.name === 'Array' && /^(0|[1-9]\d*)$/.test(token)) {
    return elementsOf(node)[Number(token)];
  }
  return undefined;
}

function valueOf(property: SyntaxNode): SyntaxNode | undefined {
  for (let child = property.firstChild; child !== null; child = child.nextSibling) {
    if (VALUE_NODES.has(child.name)) return child;
  }
  return undefined;
}

function elementsOf(array: SyntaxNode): SyntaxNode[] {
  const elements: SyntaxNode[] = [];
  for (let child = array.firstChild; child !== null; child = child.nextSibling) {
    if (VALUE_NODES.has(child.name)) elements.push(child);
  }
  return elements;
}

function propertyKey(text: string, key: SyntaxNode): string {
  const raw = text.slice(key.from, key.to);
  try {
    return JSON.parse(raw) as string;
  } catch {
    return raw.slice(1, -1);
  }
}

function isContainer(node: SyntaxNode): boolean {
  return node.name === 'Object' || node.name === 'Array';
}

function markerRange(node: SyntaxNode): TextRange {
  const parent = node.parent;
  if (parent?.name === 'Property') {
    const key = parent.getChild('PropertyName');
    if (key !== null) return { from: key.from, to: isContainer(node) ? key.to : node.to };
  }
  return isContainer(node)
    ? { from: node.from, to: node.from + 1 }
    : { from: node.from, to: node.to };
}
