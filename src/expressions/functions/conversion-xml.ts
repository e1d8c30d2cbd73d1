/**
 * XML for `xml()`, `json(xml)` and `xpath()`. The engine ADF shares with Logic Apps converts
 * between XML and JSON with Json.NET's XmlNodeConverter conventions, reproduced here:
 * attributes become `@name` properties, mixed text `#text`, CDATA `#cdata-section`, the
 * declaration `?xml`, and repeated sibling elements an array; the other way round a JSON object
 * needs exactly one root element property.
 */
import { createRequire } from 'node:module';
import type * as Xmldom from '@xmldom/xmldom';
import type {
  Attr,
  CharacterData,
  Document,
  DocumentType,
  Element,
  Node,
  DOMParser,
  ProcessingInstruction,
  XMLSerializer,
} from '@xmldom/xmldom';
import { formatDotNetDouble } from '../value-to-string.js';
import { BinaryValue, setOwnProperty, type Value, type ValueObject } from '../values.js';

/** What `xml()` results carry as their content type. */
export const XML_CONTENT_TYPE = 'application/xml;charset=utf-8';

/** Deeper element nesting than this is refused rather than risking the call stack. */
export const XML_MAX_DEPTH = 512;

/** Text that is not well-formed XML, JSON that has no XML form, or an XPath that cannot run. */
export class XmlProblem {
  constructor(readonly message: string) {}
}

const NODE = {
  element: 1,
  attribute: 2,
  text: 3,
  cdata: 4,
  processingInstruction: 7,
  comment: 8,
  document: 9,
  documentType: 10,
} as const;

// ---------------------------------------------------------------------------------------------
// Parsing

let parseProblem: string | undefined;
let normalizedSource = '';
/** XML 1.0 line-end handling (xmldom's default also folds U+0085, U+2028 and U+2029, as XML 1.1 does). */
const XML_LINE_BREAKS = /\r\n?/g;
/** The line-normalised text each document was parsed from, to tell `<a/>` from `<a></a>`. */
const documentSources = new WeakMap<Document, string>();

/**
 * The XML libraries (xmldom, xpath) load on first use, through `require`: most pipelines never
 * call xml() or xpath(), and loading them costs every process that evaluates expressions about
 * 8 MB.
 */
const require = createRequire(import.meta.url);

let xmlTools: { readonly parser: DOMParser; readonly serializer: XMLSerializer } | undefined;

function xmldom(): NonNullable<typeof xmlTools> {
  if (xmlTools !== undefined) return xmlTools;
  const library = require('@xmldom/xmldom') as typeof Xmldom;
  const parser = new library.DOMParser({
    onError(
      level,
      message,
      context: { locator?: { lineNumber?: number; columnNumber?: number } } | undefined,
    ) {
      // U+FFFD is a legal character; xmldom only warns that the source may have been mis-decoded.
      if (level === 'warning' && message.startsWith('Unicode replacement')) return;
      const line = context?.locator?.lineNumber;
      const column = context?.locator?.columnNumber;
      const where =
        line !== undefined && column !== undefined ? ` (line ${line}, column ${column})` : '';
      parseProblem = `${message.replace(/\s+$/, '')}${where}`;
      throw new XmlProblem(parseProblem);
    },
    normalizeLineEndings: (source) => (normalizedSource = source.replace(XML_LINE_BREAKS, '\n')),
  });
  xmlTools = { parser, serializer: new library.XMLSerializer() };
  return xmlTools;
}

/** Parses well-formed XML with one root element; throws {@link XmlProblem}. */
export function parseXml(text: string): Document {
  parseProblem = undefined;
  try {
    const document = xmldom().parser.parseFromString(text, 'text/xml');
    documentSources.set(document, normalizedSource);
    return document;
  } catch (caught) {
    const detail = parseProblem ?? (caught instanceof Error ? caught.message : String(caught));
    throw new XmlProblem(detail);
  } finally {
    parseProblem = undefined;
    normalizedSource = '';
  }
}

/** Documents already parsed from a Binary, so that several `xpath()` calls on one value parse once. */
const parsedBinaries = new WeakMap<BinaryValue, Document>();

export function parseXmlBinary(value: BinaryValue): Document {
  let document = parsedBinaries.get(value);
  if (document === undefined) {
    document = parseXml(value.toText());
    parsedBinaries.set(value, document);
  }
  return document;
}

export function isXmlContentType(contentType: string): boolean {
  return contentType.toLowerCase().includes('xml');
}

// ---------------------------------------------------------------------------------------------
// XML → JSON

const WHITESPACE_ONLY = /^[ \t\r\n]*$/;
const PSEUDO_ATTRIBUTE = /([A-Za-z_][\w.-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

/** Converts a parsed document to JSON the way Json.NET's `SerializeXmlNode` does. */
export function xmlToJson(document: Document): Value {
  const out: Record<string, Value> = {};
  new XmlToJson(documentSources.get(document)).writeGroupedChildren(document, out, 0);
  return Object.freeze(out);
}

/** The property a child node becomes, or undefined for nodes JSON leaves out. */
function propertyName(node: Node): string | undefined {
  switch (node.nodeType) {
    case NODE.element:
      return node.nodeName;
    case NODE.text:
      // XmlDocument drops whitespace-only text unless asked to preserve it.
      return WHITESPACE_ONLY.test((node as CharacterData).data) ? undefined : '#text';
    case NODE.cdata:
      return '#cdata-section';
    case NODE.processingInstruction:
      return `?${(node as ProcessingInstruction).target}`;
    case NODE.documentType:
      return '!DOCTYPE';
    default:
      return undefined; // comments
  }
}

class XmlToJson {
  private lineStarts: number[] | undefined;

  constructor(private readonly source: string | undefined) {}

  /** Children of one name become one property: a single value, or an array when they repeat. */
  writeGroupedChildren(parent: Node, out: Record<string, Value>, depth: number): void {
    const groups = new Map<string, Node[]>();
    for (const child of Array.from(parent.childNodes)) {
      const name = propertyName(child);
      if (name === undefined) continue;
      const group = groups.get(name);
      if (group) group.push(child);
      else groups.set(name, [child]);
    }
    for (const [name, nodes] of groups) {
      const value =
        nodes.length === 1
          ? this.nodeToJson(nodes[0] as Node, depth)
          : Object.freeze(nodes.map((n) => this.nodeToJson(n, depth)));
      setOwnProperty(out, name, value);
    }
  }

  private nodeToJson(node: Node, depth: number): Value {
    switch (node.nodeType) {
      case NODE.element:
        return this.elementToJson(node as Element, depth + 1);
      case NODE.processingInstruction: {
        const instruction = node as ProcessingInstruction;
        if (instruction.target !== 'xml') return instruction.data;
        const declaration: Record<string, Value> = {};
        for (const match of instruction.data.matchAll(PSEUDO_ATTRIBUTE)) {
          declaration[`@${match[1] as string}`] = match[2] ?? match[3] ?? '';
        }
        return Object.freeze(declaration);
      }
      case NODE.documentType: {
        const doctype = node as DocumentType;
        const out: Record<string, Value> = { '@name': doctype.name };
        if (doctype.publicId) out['@public'] = doctype.publicId;
        if (doctype.systemId) out['@system'] = doctype.systemId;
        if (doctype.internalSubset) out['@internalSubset'] = doctype.internalSubset;
        return Object.freeze(out);
      }
      default:
        return (node as CharacterData).data;
    }
  }

  private elementToJson(element: Element, depth: number): Value {
    if (depth > XML_MAX_DEPTH) {
      throw new XmlProblem(`the XML nests deeper than ${XML_MAX_DEPTH} elements`);
    }
    const { attributes } = element;
    if (attributes.length === 0) {
      let only: Node | undefined;
      let count = 0;
      for (const child of Array.from(element.childNodes)) {
        if (propertyName(child) === undefined) continue;
        only = child;
        count++;
      }
      // Without attributes, `<a/>` is null, `<a></a>` (or only white space) is '', `<a>x</a>` is 'x'.
      if (count === 0) return this.isSelfClosing(element) ? null : '';
      if (count === 1 && only?.nodeType === NODE.text) return (only as CharacterData).data;
    }
    const out: Record<string, Value> = {};
    for (const attribute of Array.from(attributes) as Attr[]) {
      setOwnProperty(out, `@${attribute.name}`, attribute.value);
    }
    this.writeGroupedChildren(element, out, depth);
    return Object.freeze(out);
  }

  /** Reads the element's start tag in the source: does it end with `/>`? */
  private isSelfClosing(element: Element): boolean {
    const { source } = this;
    const { lineNumber, columnNumber } = element;
    if (source === undefined || lineNumber === undefined || columnNumber === undefined) return true;
    this.lineStarts ??= lineStartsOf(source);
    let pos = (this.lineStarts[lineNumber - 1] ?? 0) + columnNumber; // just after '<'
    while (pos < source.length) {
      const c = source.charCodeAt(pos);
      if (c === 62 /* > */) return source.charCodeAt(pos - 1) === 47; /* / */
      if (c === 34 /* " */ || c === 39 /* ' */) {
        const close = source.indexOf(source.charAt(pos), pos + 1);
        if (close < 0) break;
        pos = close;
      }
      pos++;
    }
    return true;
  }
}

function lineStartsOf(source: string): number[] {
  const starts = [0];
  for (let at = source.indexOf('\n'); at >= 0; at = source.indexOf('\n', at + 1))
    starts.push(at + 1);
  return starts;
}

// ---------------------------------------------------------------------------------------------
// JSON → XML

const NAME_START =
  'A-Z_a-z\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C-\\u200D\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD\\u{10000}-\\u{EFFFF}';
const NAME_CHAR = `${NAME_START}\\-.0-9\\u00B7\\u0300-\\u036F\\u203F-\\u2040`;
/** XML's QName production: an NCName, optionally prefixed by another and a colon. */
const QUALIFIED_NAME = new RegExp(
  // The classes hold ranges of combining marks on purpose: XML allows them after a name's first character.
  // eslint-disable-next-line no-misleading-character-class
  `^[${NAME_START}][${NAME_CHAR}]*(?::[${NAME_START}][${NAME_CHAR}]*)?$`,
  'u',
);
/** Characters XML 1.0 cannot carry, even escaped. */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const TEXT_SPECIALS = /[&<>]/g;
const ATTRIBUTE_SPECIALS = /[&<>"\t\n\r]/g;
const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  '\t': '&#x9;',
  '\n': '&#xA;',
  '\r': '&#xD;',
};
const escapeChar = (char: string): string => ESCAPES[char] as string;

/**
 * Writes the XML Json.NET's `DeserializeXmlNode` makes of an object: exactly one root element
 * property, optionally with `?xml` (the declaration), other `?target` processing instructions and
 * `#comment`s beside it. Throws {@link XmlProblem}.
 */
export function jsonToXml(root: ValueObject): string {
  const writer = new XmlWriter();
  let declaration = '';
  let rootName: string | undefined;
  const body: string[] = [];
  for (const [name, value] of Object.entries(root)) {
    if (name === '?xml') {
      declaration = `<?xml${writer.pseudoAttributes(value)}?>`;
    } else if (name.startsWith('?')) {
      body.push(writer.instruction(name.slice(1), value));
    } else if (name === '#comment') {
      body.push(writer.comments(value));
    } else if (name.startsWith('@') || name.startsWith('#')) {
      throw new XmlProblem(
        `the root object has the property '${name}', but attributes and text need an element: wrap the object in a root property, e.g. {"root": {…}}`,
      );
    } else {
      if (rootName !== undefined) {
        throw new XmlProblem(
          `the root object has the properties '${rootName}' and '${name}', but an XML document has exactly one root element: wrap them in a single root property, e.g. {"root": {…}}`,
        );
      }
      if (Array.isArray(value)) {
        throw new XmlProblem(
          `the root property '${name}' is an array, but an XML document has exactly one root element: wrap it in a single root property, e.g. {"root": {"${name}": […]}}`,
        );
      }
      rootName = name;
      writer.out = '';
      writer.element(name, value, 0);
      body.push(writer.out);
    }
  }
  if (rootName === undefined) {
    throw new XmlProblem(
      'the object has no property to become the root element; XML needs one, e.g. {"root": {…}}',
    );
  }
  const xml = declaration + body.join('');
  // Prefixed names need their namespace declared on the element or an ancestor: let the parser check.
  if (writer.usedPrefix) {
    try {
      parseXml(xml);
    } catch (problem) {
      if (problem instanceof XmlProblem) {
        throw new XmlProblem(
          `the XML it makes is not well-formed (${problem.message}); declare each prefix with an '@xmlns:prefix' property`,
        );
      }
      throw problem;
    }
  }
  return xml;
}

class XmlWriter {
  out = '';
  usedPrefix = false;

  name(name: string, what: string): string {
    if (!QUALIFIED_NAME.test(name)) {
      throw new XmlProblem(
        `the property '${name}' cannot be an XML ${what} name (names start with a letter or '_' and hold only letters, digits, '-', '_' and '.')`,
      );
    }
    if (name.includes(':')) this.usedPrefix = true;
    return name;
  }

  text(value: Value, where: string, escapes?: RegExp): string {
    let text: string;
    switch (typeof value) {
      case 'string':
        text = value;
        break;
      case 'bigint':
        text = value.toString();
        break;
      case 'number':
        text = Number.isFinite(value)
          ? formatDotNetDouble(value)
          : Number.isNaN(value)
            ? 'NaN'
            : value > 0
              ? 'INF'
              : '-INF';
        break;
      case 'boolean':
        text = value ? 'true' : 'false';
        break;
      default:
        if (value === null) return '';
        throw new XmlProblem(
          `${where} must be a string, number or boolean to become XML text, not ${describeKind(value)}`,
        );
    }
    if (NOT_XML_CHAR.test(text)) {
      throw new XmlProblem(
        `${where} holds a character XML cannot represent (a control character or a lone surrogate)`,
      );
    }
    return escapes ? text.replace(escapes, escapeChar) : text;
  }

  pseudoAttributes(value: Value): string {
    if (!isPlainObject(value))
      throw new XmlProblem(
        `'?xml' must be an object such as {"@version": "1.0"}, not ${describeKind(value)}`,
      );
    let out = '';
    for (const [name, item] of Object.entries(value)) {
      if (!name.startsWith('@'))
        throw new XmlProblem(
          `'?xml' may only hold '@version', '@encoding' and '@standalone', not '${name}'`,
        );
      out += ` ${this.name(name.slice(1), 'declaration')}="${this.text(item, `'?xml'.${name}`, ATTRIBUTE_SPECIALS)}"`;
    }
    return out;
  }

  instruction(target: string, value: Value): string {
    const data = this.text(value, `the processing instruction '?${target}'`);
    if (data.includes('?>'))
      throw new XmlProblem(`the processing instruction '?${target}' cannot contain '?>'`);
    return `<?${this.name(target, 'processing instruction')}${data === '' ? '' : ` ${data}`}?>`;
  }

  comments(value: Value): string {
    const items = Array.isArray(value) ? value : [value];
    return items
      .map((item) => {
        const text = this.text(item, "a '#comment'");
        if (text.includes('--') || text.endsWith('-'))
          throw new XmlProblem("a '#comment' cannot contain '--' or end with '-'");
        return `<!--${text}-->`;
      })
      .join('');
  }

  element(name: string, value: Value, depth: number): void {
    if (depth > XML_MAX_DEPTH)
      throw new XmlProblem(`the JSON nests deeper than ${XML_MAX_DEPTH} levels`);
    const tag = this.name(name, 'element');
    if (Array.isArray(value)) {
      for (const item of value) {
        if (Array.isArray(item)) {
          throw new XmlProblem(
            `'${name}' holds an array directly inside an array, which has no XML form; wrap the inner arrays in objects`,
          );
        }
        this.element(name, item, depth);
      }
      return;
    }
    if (!isPlainObject(value)) {
      if (value === null) this.out += `<${tag} />`;
      else this.out += `<${tag}>${this.text(value, `'${name}'`, TEXT_SPECIALS)}</${tag}>`;
      return;
    }
    let attributes = '';
    const content: [string, Value][] = [];
    for (const entry of Object.entries(value)) {
      const [key, item] = entry;
      if (key.startsWith('@')) {
        const attribute = this.name(key.slice(1), 'attribute');
        attributes += ` ${attribute}="${this.text(item, `'${name}'.${key}`, ATTRIBUTE_SPECIALS)}"`;
      } else {
        content.push(entry);
      }
    }
    if (content.length === 0) {
      this.out += `<${tag}${attributes} />`;
      return;
    }
    this.out += `<${tag}${attributes}>`;
    for (const [key, item] of content) {
      const items = Array.isArray(item) && key.startsWith('#') ? item : [item];
      switch (key) {
        case '#text':
        case '#whitespace':
        case '#significant-whitespace':
          for (const text of items) this.out += this.text(text, `'${name}'.${key}`, TEXT_SPECIALS);
          break;
        case '#cdata-section':
          for (const text of items) {
            this.out += `<![CDATA[${this.text(text, `'${name}'.${key}`).replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
          }
          break;
        case '#comment':
          this.out += this.comments(item);
          break;
        default:
          if (key.startsWith('?')) this.out += this.instruction(key.slice(1), item);
          else this.element(key, item, depth + 1);
      }
    }
    this.out += `</${tag}>`;
  }
}

function isPlainObject(value: Value): value is ValueObject {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof BinaryValue)
  );
}

function describeKind(value: Value): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value instanceof BinaryValue) return 'a binary value';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

// ---------------------------------------------------------------------------------------------
// XPath

interface XPathValue {
  numberValue(): number;
  stringValue(): string;
  booleanValue(): boolean;
}
interface XPathNodeSet extends XPathValue {
  toArray(): Node[];
}
interface ParsedXPath {
  evaluate(options: { node: Node }): XPathValue;
}
type XPathClass = abstract new (...args: never[]) => object;
interface XPathModule {
  parse(expression: string): ParsedXPath;
  XNodeSet: XPathClass;
  XNumber: XPathClass;
  XBoolean: XPathClass;
}

let xpathLibrary: XPathModule | undefined;

/**
 * Loaded through `require`, on first use, so that the package's typings, which pull the browser
 * DOM library into the whole program, stay out of the compilation; the few members used are
 * typed above.
 */
function xpathModule(): XPathModule {
  return (xpathLibrary ??= require('xpath') as XPathModule);
}

const XPATH_CACHE_SIZE = 256;
const compiledXPaths = new Map<string, ParsedXPath>();

function compileXPath(expression: string): ParsedXPath {
  let compiled = compiledXPaths.get(expression);
  if (compiled === undefined) {
    try {
      compiled = xpathModule().parse(expression);
    } catch (caught) {
      throw new XmlProblem(
        `the XPath expression '${expression}' is not valid (${errorText(caught)})`,
      );
    }
    if (compiledXPaths.size >= XPATH_CACHE_SIZE) compiledXPaths.clear();
    compiledXPaths.set(expression, compiled);
  }
  return compiled;
}

/**
 * Evaluates XPath 1.0 against a document: a node set becomes an array (elements as their XML
 * text, text and attribute nodes as their string value), numbers are Floats, strings and booleans
 * stay themselves.
 */
export function evaluateXPath(document: Document, expression: string): Value {
  const compiled = compileXPath(expression);
  let result: XPathValue;
  try {
    result = compiled.evaluate({ node: document });
  } catch (caught) {
    throw new XmlProblem(
      `the XPath expression '${expression}' cannot be evaluated (${errorText(caught)})`,
    );
  }
  if (result instanceof xpathModule().XNodeSet)
    return Object.freeze((result as XPathNodeSet).toArray().map(nodeResult));
  if (result instanceof xpathModule().XNumber) return result.numberValue();
  if (result instanceof xpathModule().XBoolean) return result.booleanValue();
  return result.stringValue();
}

function nodeResult(node: Node): Value {
  switch (node.nodeType) {
    case NODE.text:
    case NODE.cdata:
      return (node as CharacterData).data;
    case NODE.attribute:
      return (node as Attr).value;
    default:
      return xmldom().serializer.serializeToString(node);
  }
}

function errorText(caught: unknown): string {
  const text = caught instanceof Error ? caught.message : String(caught);
  return text.replace(/\s+$/, '');
}
