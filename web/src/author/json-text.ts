/**
 * Reading the JSON the user types in the editor's code views, and the markers to draw on it:
 * where the text stops being JSON, what in it the editor cannot take (a pipeline without
 * `properties`, another pipeline's name), and where the server's validation problems are. Pure.
 */
import type { Json, JsonObject } from '../api/factory-api.js';
import { isJsonObject } from '../canvas/activity-tree.js';
import { jsonSyntaxError, locatePointer } from './json-pointer-positions.js';
import type { PipelineResource } from './pipeline-resource.js';
import type { ProblemSeverity } from './problem-placement.js';

export interface TextMarker {
  readonly from: number;
  readonly to: number;
  readonly severity: ProblemSeverity;
  readonly message: string;
}

export interface TextRead<T> {
  /** The value, when the text holds one the editor can take. */
  readonly value?: T;
  readonly markers: readonly TextMarker[];
}

/** A problem at a JSON pointer of the text's value. */
export interface PointerProblem {
  readonly pointer: string;
  readonly severity: ProblemSeverity;
  readonly message: string;
}

export function readJsonText(text: string): TextRead<Json> {
  const error = jsonSyntaxError(text);
  if (error !== undefined)
    return {
      markers: [{ from: error.from, to: error.to, severity: 'error', message: error.message }],
    };
  return { value: JSON.parse(text) as Json, markers: [] };
}

/** A JSON object (the `typeProperties` of an activity, for one). */
export function readObjectText(text: string, what: string): TextRead<JsonObject> {
  const read = readJsonText(text);
  if (read.value === undefined) return { markers: read.markers };
  if (!isJsonObject(read.value))
    return { markers: [markerAt(text, '', 'error', `${what} must be a JSON object { … }.`)] };
  return { value: read.value, markers: [] };
}

/**
 * The pipeline resource in the JSON view: `{name, properties}`. The name must stay the
 * pipeline's (it is its address; a missing one is taken as it); other top-level members are
 * not part of what is saved, so they are flagged and left out.
 */
export function readPipelineText(text: string, name: string): TextRead<PipelineResource> {
  const read = readJsonText(text);
  if (read.value === undefined) return { markers: read.markers };
  const root = read.value;
  if (!isJsonObject(root))
    return {
      markers: [
        markerAt(text, '', 'error', 'A pipeline is a JSON object { "name", "properties" }.'),
      ],
    };
  const markers: TextMarker[] = [];
  if (root['name'] !== undefined && root['name'] !== name)
    markers.push(
      markerAt(
        text,
        '/name',
        'error',
        `The name must stay "${name}": it is the pipeline's address. To copy the pipeline under another name, create a new one.`,
      ),
    );
  const properties = root['properties'];
  if (!isJsonObject(properties))
    markers.push(markerAt(text, '/properties', 'error', 'A pipeline needs a "properties" object.'));
  for (const key of Object.keys(root)) {
    if (key !== 'name' && key !== 'properties')
      markers.push(
        markerAt(
          text,
          `/${key}`,
          'warning',
          `"${key}" is not part of a pipeline: it will not be saved.`,
        ),
      );
  }
  if (markers.some((marker) => marker.severity === 'error') || !isJsonObject(properties))
    return { markers };
  return { value: { name, properties }, markers };
}

/** Markers at the problems' pointers; a problem whose value is absent marks its nearest ancestor. */
export function pointerMarkers(text: string, problems: readonly PointerProblem[]): TextMarker[] {
  return problems.flatMap((problem) => {
    const location = locatePointer(text, problem.pointer);
    if (location === undefined) return [];
    return [
      {
        from: location.from,
        to: location.to,
        severity: problem.severity,
        message: problem.message,
      },
    ];
  });
}

function markerAt(
  text: string,
  pointer: string,
  severity: ProblemSeverity,
  message: string,
): TextMarker {
  const location = locatePointer(text, pointer) ?? { from: 0, to: Math.min(1, text.length) };
  return { from: location.from, to: location.to, severity, message };
}
