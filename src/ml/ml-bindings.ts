/**
 * The `${{…}}` placeholders of Azure ML pipeline YAML: whole-value bindings in job inputs and
 * outputs (`${{parent.inputs.x}}`, `${{parent.jobs.a.outputs.y}}`, `${{parent.outputs.z}}`) and
 * placeholders inside command lines and parallel settings (`${{inputs.x}}`, `${{outputs.y}}`).
 */

export type MlBindingReference =
  | { readonly kind: 'parent-input'; readonly name: string }
  | { readonly kind: 'parent-output'; readonly name: string }
  | { readonly kind: 'parent-step-output'; readonly stepName: string; readonly outputName: string }
  | { readonly kind: 'own-input'; readonly name: string }
  | { readonly kind: 'own-output'; readonly name: string };

export interface MlPlaceholder {
  /** The placeholder as written, `${{ inputs.x }}`. */
  readonly text: string;
  /** Offset of `$` in the string value. */
  readonly offset: number;
  /** Undefined when the text inside the braces is not a reference Azure ML knows. */
  readonly reference?: MlBindingReference;
}

const PLACEHOLDER = /\$\{\{(.*?)\}\}/g;
const NAME = '[A-Za-z_][A-Za-z0-9_-]*';
const REFERENCE_PATTERNS: readonly [RegExp, (match: RegExpMatchArray) => MlBindingReference][] = [
  [new RegExp(`^parent\\.inputs\\.(${NAME})$`), (m) => ({ kind: 'parent-input', name: m[1]! })],
  [new RegExp(`^parent\\.outputs\\.(${NAME})$`), (m) => ({ kind: 'parent-output', name: m[1]! })],
  [
    new RegExp(`^parent\\.jobs\\.(${NAME})\\.outputs\\.(${NAME})$`),
    (m) => ({ kind: 'parent-step-output', stepName: m[1]!, outputName: m[2]! }),
  ],
  [new RegExp(`^inputs\\.(${NAME})$`), (m) => ({ kind: 'own-input', name: m[1]! })],
  [new RegExp(`^outputs\\.(${NAME})$`), (m) => ({ kind: 'own-output', name: m[1]! })],
];

export function parseReference(inner: string): MlBindingReference | undefined {
  const trimmed = inner.trim();
  for (const [pattern, build] of REFERENCE_PATTERNS) {
    const match = trimmed.match(pattern);
    if (match) return build(match);
  }
  return undefined;
}

export function findPlaceholders(text: string): MlPlaceholder[] {
  const found: MlPlaceholder[] = [];
  for (const match of text.matchAll(PLACEHOLDER)) {
    const reference = parseReference(match[1] ?? '');
    found.push({ text: match[0], offset: match.index, ...(reference ? { reference } : {}) });
  }
  return found;
}

/**
 * Classifies a string value: no placeholder at all, exactly one placeholder that is the whole
 * value (a binding), or placeholders mixed with other text (not allowed where a binding is).
 */
export function classifyBindingValue(
  text: string,
):
  | { readonly kind: 'plain' }
  | { readonly kind: 'binding'; readonly placeholder: MlPlaceholder }
  | { readonly kind: 'mixed' } {
  if (!text.includes('${{')) return { kind: 'plain' };
  const placeholders = findPlaceholders(text);
  const only = placeholders[0];
  if (placeholders.length === 1 && only !== undefined && only.text === text.trim()) {
    return { kind: 'binding', placeholder: only };
  }
  return { kind: 'mixed' };
}
