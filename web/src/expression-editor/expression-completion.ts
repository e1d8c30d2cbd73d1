/**
 * What to offer while the user types an expression: built-in function names where a value may
 * start, the properties of `pipeline()` after `pipeline().`, and the pipeline's parameter names
 * after `pipeline().parameters.`. Nothing is offered in plain text or inside a string literal.
 */
import { EXPRESSION_FUNCTIONS } from './function-catalogue.js';

export interface CompletionOption {
  readonly label: string;
  readonly kind: 'function' | 'property' | 'parameter' | 'keyword';
  /** Shown next to the label (a signature). */
  readonly detail?: string;
  /** Shown beside the list (a function's summary). */
  readonly info?: string;
  /** Inserted instead of the label (`concat(`). */
  readonly apply?: string;
}

export interface Completions {
  /** Where the word being completed starts; the options replace text from here to the cursor. */
  readonly from: number;
  readonly options: readonly CompletionOption[];
}

export interface CompletionScope {
  readonly parameters?: readonly string[];
}

/** What `pipeline()` returns (ADF's system variables). */
export const PIPELINE_PROPERTIES: readonly { name: string; info: string }[] = [
  { name: 'parameters', info: "The pipeline's parameters." },
  { name: 'globalParameters', info: "The factory's global parameters." },
  { name: 'DataFactory', info: 'The name of the data factory.' },
  { name: 'Pipeline', info: 'The name of the pipeline.' },
  { name: 'RunId', info: 'The id of this pipeline run.' },
  { name: 'TriggerType', info: 'Manual, ScheduleTrigger, … ' },
  { name: 'TriggerId', info: 'The id of the trigger that started the run.' },
  { name: 'TriggerName', info: 'The name of the trigger that started the run.' },
  { name: 'TriggerTime', info: 'When the trigger fired.' },
  { name: 'GroupId', info: 'The id of the group of runs this run belongs to.' },
];

const KEYWORDS = ['true', 'false', 'null'];

export function completeExpression(
  text: string,
  cursor: number,
  scope: CompletionScope = {},
): Completions | undefined {
  const start = expressionStartAt(text, cursor);
  if (start === undefined) return undefined;
  const before = text.slice(start, cursor);
  const word = /[A-Za-z_][A-Za-z0-9_]*$/.exec(before)?.[0] ?? '';
  const from = cursor - word.length;
  const lead = before.slice(0, before.length - word.length);

  const access = /\??\.\s*$/.exec(lead);
  if (access !== null) {
    const target = lead.slice(0, access.index);
    if (/pipeline\s*\(\s*\)\s*\??\.\s*parameters\s*$/i.test(target))
      return {
        from,
        options: (scope.parameters ?? []).map((name) => ({ label: name, kind: 'parameter' })),
      };
    if (/pipeline\s*\(\s*\)\s*$/i.test(target))
      return {
        from,
        options: PIPELINE_PROPERTIES.map(({ name, info }) => ({
          label: name,
          kind: 'property',
          info,
        })),
      };
    return undefined;
  }
  // A value may start at the beginning, after "(", "," or "[".
  if (!/(^|[(,[])\s*$/.test(lead)) return undefined;
  return {
    from,
    options: [
      ...EXPRESSION_FUNCTIONS.map((definition) => ({
        label: definition.name,
        kind: 'function' as const,
        detail: definition.signature,
        info: definition.summary,
        apply:
          definition.minArgs === 0 && definition.maxArgs === 0
            ? `${definition.name}()`
            : `${definition.name}(`,
      })),
      ...KEYWORDS.map((keyword) => ({ label: keyword, kind: 'keyword' as const })),
    ],
  };
}

/**
 * Where the expression around `cursor` starts (just after `@` or `@{`), or `undefined` when the
 * cursor is in plain text or inside a string literal.
 */
export function expressionStartAt(text: string, cursor: number): number | undefined {
  const whole = text.startsWith('@') && !text.startsWith('@@') && !text.startsWith('@{');
  let start: number | undefined = whole ? 1 : undefined;
  let inString = false;
  let i = whole ? 1 : 0;
  while (i < cursor) {
    if (start === undefined) {
      if (text.startsWith('@@{', i)) i += 3;
      else if (text.startsWith('@{', i)) {
        start = i + 2;
        i += 2;
      } else i++;
      continue;
    }
    const char = text[i];
    if (char === "'") inString = !inString;
    else if (char === '}' && !inString && !whole) start = undefined;
    i++;
  }
  if (start === undefined || inString || cursor < start) return undefined;
  return start;
}
