/**
 * The repeatable and compound flags of `millrace ml submit`, read into the workspace's request
 * shapes. Values stay strings: the workspace converts them to the published parameter types, as
 * it does for Azure clients. Every problem is a `CliUsageError` naming the flag.
 */
import type { MlDataPathValue } from '../store/ml-store.js';
import { readDataPathText } from '../ml/ml-data-path.js';
import { CliUsageError } from './ml-cli-errors.js';

/** Commander's collector for repeatable flags. */
export function collect(value: string, previous: readonly string[]): readonly string[] {
  return [...previous, value];
}

/** `name=value` pairs (the first `=` splits) → a record; a name given twice keeps the last. */
export function parseAssignments(
  flag: string,
  pairs: readonly string[],
): Readonly<Record<string, string>> {
  const assignments: Record<string, string> = {};
  for (const pair of pairs) {
    const equals = pair.indexOf('=');
    if (equals <= 0) {
      throw new CliUsageError(`${flag} '${pair}' must be written name=value.`);
    }
    assignments[pair.slice(0, equals)] = pair.slice(equals + 1);
  }
  return assignments;
}

/**
 * `name=datastore/path/inside` (the first `/` after the datastore name splits it from the path)
 * or `name=azureml://datastores/<datastore>/paths/<path>`.
 */
export function parseDataPaths(
  pairs: readonly string[],
): Readonly<Record<string, MlDataPathValue>> {
  const dataPaths: Record<string, MlDataPathValue> = {};
  for (const [name, text] of Object.entries(parseAssignments('--datapath', pairs))) {
    const read = readDataPathText(text);
    if (read.kind === 'datastore-uri') {
      dataPaths[name] = { datastore: read.datastore, path: read.path };
      continue;
    }
    const slash = text.indexOf('/');
    if (read.kind === 'unsupported-uri' || slash <= 0) {
      throw new CliUsageError(
        `--datapath '${name}=${text}' must be written name=datastore/path (or name=azureml://datastores/<datastore>/paths/<path>).`,
      );
    }
    dataPaths[name] = { datastore: text.slice(0, slash), path: text.slice(slash + 1) };
  }
  return dataPaths;
}

/** `name` (the default version) or `name@version` (the last `@` splits). */
export function parseEndpointReference(text: string): {
  readonly name: string;
  readonly version?: string;
} {
  const at = text.lastIndexOf('@');
  if (at < 0) return { name: text };
  const name = text.slice(0, at);
  const version = text.slice(at + 1);
  if (name === '' || version === '') {
    throw new CliUsageError(`--endpoint '${text}' must be written name or name@version.`);
  }
  return { name, version };
}
