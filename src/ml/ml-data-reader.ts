/**
 * Reads the data-path parts of pipeline and step inputs/outputs (`path`, `datastore`) into a
 * checked `MlDataPath`: known datastore, path inside it.
 */
import type { MlDataPath } from './ml-pipeline-definition.js';
import { normaliseDatastorePath, readDataPathText, stripAzuremlPrefix } from './ml-data-path.js';
import type { YamlMapView, YamlReader } from './yaml-reader.js';

export interface DatastoreContext {
  readonly knownDatastores: readonly string[];
  readonly defaultDatastore?: string;
}

/** Reports ML_UNKNOWN_DATASTORE unless `name` is known (names ignore case, like Azure's). */
export function checkDatastore(
  reader: YamlReader,
  name: string,
  context: DatastoreContext,
  at: { readonly node: Parameters<YamlReader['report']>[2]; readonly path: string },
): boolean {
  const known = context.knownDatastores.some(
    (candidate) => candidate.toLowerCase() === name.toLowerCase(),
  );
  if (!known) {
    const list = context.knownDatastores.length > 0 ? context.knownDatastores.join(', ') : 'none';
    reader.report(
      'ML_UNKNOWN_DATASTORE',
      `Datastore "${name}" does not exist; known datastores: ${list}.`,
      at.node,
      at.path,
    );
  }
  return known;
}

/**
 * Reads `path` (relative, or an azureml://datastores/<name>/paths/<path> URI) and `datastore`
 * from `view`. Returns undefined (after reporting) when the path is unusable or absent.
 */
export function readDataPath(
  reader: YamlReader,
  view: YamlMapView,
  context: DatastoreContext,
): MlDataPath | undefined {
  const pathText = reader.string(view, 'path');
  const explicitDatastore = reader.string(view, 'datastore');
  if (pathText === undefined) {
    if (explicitDatastore !== undefined)
      reader.missing(view, 'path', 'a datastore needs a path inside it');
    return undefined;
  }
  const pathField = view.fields.get('path')!;
  const parsed = readDataPathText(pathText);
  if (parsed.kind === 'unsupported-uri') {
    reader.report(
      'ML_INVALID_VALUE',
      `"${pathField.path}" must be a path relative to a datastore or azureml://datastores/<name>/paths/<path>, not "${pathText}".`,
      pathField.value,
      pathField.path,
    );
    return undefined;
  }
  const datastoreField = view.fields.get('datastore');
  let datastore =
    explicitDatastore === undefined ? undefined : stripAzuremlPrefix(explicitDatastore);
  if (parsed.kind === 'datastore-uri') {
    if (datastore !== undefined && datastore.toLowerCase() !== parsed.datastore.toLowerCase()) {
      reader.report(
        'ML_INVALID_VALUE',
        `"${pathField.path}" names datastore "${parsed.datastore}" but "datastore" says "${datastore}"; keep one.`,
        pathField.value,
        pathField.path,
      );
      return undefined;
    }
    datastore = parsed.datastore;
  }
  const datastoreAt =
    datastoreField !== undefined && parsed.kind === 'relative'
      ? { node: datastoreField.value, path: datastoreField.path }
      : { node: pathField.value, path: pathField.path };
  datastore ??= context.defaultDatastore;
  if (datastore === undefined) {
    reader.missing(
      view,
      'datastore',
      'name the datastore, use an azureml://datastores/ URI or set settings.default_datastore',
    );
    return undefined;
  }
  const normalised = normaliseDatastorePath(parsed.path);
  if (!normalised.ok) {
    const why = normalised.reason === 'absolute' ? 'is absolute' : 'contains ".."';
    reader.report(
      'ML_PATH_ESCAPES_DATASTORE',
      `"${pathField.path}" ${why}; a data path must be relative to its datastore and stay inside it.`,
      pathField.value,
      pathField.path,
    );
    return undefined;
  }
  if (!checkDatastore(reader, datastore, context, datastoreAt)) return undefined;
  return { datastore, path: normalised.path };
}
