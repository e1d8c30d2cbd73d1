/**
 * The activity types the canvas offers to add, grouped as Data Factory Studio's Activities pane
 * groups them, with the names Studio gives new activities ("Copy data1") and the JSON a new
 * activity starts with.
 */
import type { JsonObject } from '../api/factory-api.js';

export const PALETTE_CATEGORIES = [
  'Move and transform',
  'General',
  'Iteration and conditionals',
  'Machine Learning',
] as const;
export type PaletteCategory = (typeof PALETTE_CATEGORIES)[number];

/** A short key per category, for CSS classes. */
export const CATEGORY_KEYS: Readonly<Record<PaletteCategory, string>> = {
  'Move and transform': 'move',
  General: 'general',
  'Iteration and conditionals': 'control',
  'Machine Learning': 'ml',
};

export interface PaletteEntry {
  /** The activity `type`. */
  readonly type: string;
  /** The name people know it by in Studio. */
  readonly label: string;
  readonly category: PaletteCategory;
  /** A short mark for the node icon. */
  readonly icon: string;
  /** New activities are named `<baseName><n>`, as Studio names them. */
  readonly baseName: string;
  /** An execution activity: it gets Studio's default `policy`. */
  readonly execution: boolean;
  /** `typeProperties` of a new activity. */
  readonly typeProperties: JsonObject;
}

const EXPRESSION = { value: '', type: 'Expression' } as const;

/** The palette, in display order within each category. */
export const ACTIVITY_PALETTE: readonly PaletteEntry[] = [
  entry('Copy', 'Copy data', 'Move and transform', 'Cp', 'Copy data', true, {
    source: {},
    sink: {},
  }),
  entry('AppendVariable', 'Append variable', 'General', 'x+', 'Append variable', false, {
    variableName: '',
    value: '',
  }),
  entry('Delete', 'Delete', 'General', 'Del', 'Delete', true, {}),
  entry('ExecutePipeline', 'Execute Pipeline', 'General', 'Run', 'Execute Pipeline', false, {
    pipeline: { referenceName: '', type: 'PipelineReference' },
    waitOnCompletion: true,
  }),
  entry('Fail', 'Fail', 'General', '!', 'Fail', false, { message: '', errorCode: '' }),
  entry('GetMetadata', 'Get Metadata', 'General', 'GM', 'Get Metadata', true, { fieldList: [] }),
  entry('Lookup', 'Lookup', 'General', 'Lk', 'Lookup', true, { source: {} }),
  entry('Script', 'Script', 'General', 'Sc', 'Script', true, { scripts: [] }),
  entry('SetVariable', 'Set variable', 'General', 'x=', 'Set variable', false, {
    variableName: '',
    value: '',
  }),
  entry('Wait', 'Wait', 'General', 'Wt', 'Wait', false, { waitTimeInSeconds: 1 }),
  entry('WebActivity', 'Web', 'General', 'Web', 'Web', true, { method: 'GET', url: '' }),
  entry('Custom', 'Custom', 'General', 'Cu', 'Custom', true, { command: '' }),
  entry('Filter', 'Filter', 'Iteration and conditionals', 'Flt', 'Filter', false, {
    items: EXPRESSION,
    condition: EXPRESSION,
  }),
  entry('ForEach', 'ForEach', 'Iteration and conditionals', 'For', 'ForEach', false, {
    items: EXPRESSION,
    activities: [],
  }),
  entry('IfCondition', 'If Condition', 'Iteration and conditionals', 'If', 'If Condition', false, {
    expression: EXPRESSION,
    ifTrueActivities: [],
    ifFalseActivities: [],
  }),
  entry('Switch', 'Switch', 'Iteration and conditionals', 'Sw', 'Switch', false, {
    on: EXPRESSION,
    cases: [],
    defaultActivities: [],
  }),
  entry('Until', 'Until', 'Iteration and conditionals', 'Unt', 'Until', false, {
    expression: EXPRESSION,
    timeout: '0.12:00:00',
    activities: [],
  }),
  entry(
    'AzureMLExecutePipeline',
    'Machine Learning Execute Pipeline',
    'Machine Learning',
    'ML',
    'Machine Learning Execute Pipeline',
    true,
    {},
  ),
];

function entry(
  type: string,
  label: string,
  category: PaletteCategory,
  icon: string,
  baseName: string,
  execution: boolean,
  properties: JsonObject,
): PaletteEntry {
  return { type, label, category, icon, baseName, execution, typeProperties: properties };
}

const BY_LOWER_CASE_TYPE = new Map(ACTIVITY_PALETTE.map((item) => [item.type.toLowerCase(), item]));

/** The palette entry of a type (types ignore case). */
export function paletteEntryOf(type: string): PaletteEntry | undefined {
  return BY_LOWER_CASE_TYPE.get(type.toLowerCase());
}

/** The category key of a type ('other' for types the palette does not offer). */
export function categoryKeyOf(type: string): string {
  const known = paletteEntryOf(type);
  return known === undefined ? 'other' : CATEGORY_KEYS[known.category];
}

/** How the canvas names a type: Studio's label, else the type itself. */
export function activityTypeLabel(type: string): string {
  return paletteEntryOf(type)?.label ?? (type === '' ? 'Activity' : type);
}

/** The node's icon mark: the palette's, else the type's first letters. */
export function activityTypeIcon(type: string): string {
  return paletteEntryOf(type)?.icon ?? (type.slice(0, 2) || '?');
}

/** Studio's default policy of a new execution activity. */
export const DEFAULT_EXECUTION_POLICY: JsonObject = {
  timeout: '0.12:00:00',
  retry: 0,
  retryIntervalInSeconds: 30,
  secureOutput: false,
  secureInput: false,
};

/** The base of a new activity's name ("Copy data" for Copy, the type itself otherwise). */
export function baseNameOf(type: string): string {
  return paletteEntryOf(type)?.baseName ?? (type === '' ? 'Activity' : type);
}

/** A new activity of this type with Studio's starting JSON. */
export function newActivity(type: string, name: string): JsonObject {
  const known = paletteEntryOf(type);
  const activity: JsonObject = {
    name,
    type: known?.type ?? type,
    dependsOn: [],
    userProperties: [],
    typeProperties: structuredClone(known?.typeProperties ?? {}),
  };
  if (known?.execution === true) activity['policy'] = { ...DEFAULT_EXECUTION_POLICY };
  return activity;
}
