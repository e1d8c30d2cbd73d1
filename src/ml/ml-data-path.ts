/**
 * Data paths: `azureml://datastores/<name>/paths/<path>` URIs and `{datastore, path}` pairs.
 * A path must stay inside its datastore, so absolute paths and `..` segments are refused.
 */

const DATASTORE_URI = /^azureml:\/\/datastores\/([^/]+)\/paths\/?(.*)$/i;

export type DataPathText =
  | { readonly kind: 'datastore-uri'; readonly datastore: string; readonly path: string }
  | { readonly kind: 'relative'; readonly path: string }
  | { readonly kind: 'unsupported-uri' };

/** Splits a `path:` value into its datastore (for an azureml:// URI) and its path. */
export function readDataPathText(text: string): DataPathText {
  const uri = text.match(DATASTORE_URI);
  if (uri) return { kind: 'datastore-uri', datastore: uri[1]!, path: uri[2] ?? '' };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) return { kind: 'unsupported-uri' };
  return { kind: 'relative', path: text };
}

export type NormalisedPath =
  | { readonly ok: true; readonly path: string }
  | { readonly ok: false; readonly reason: 'absolute' | 'parent-segment' };

/** `./raw//2024/` → `raw/2024`; `''` is the datastore's root. */
export function normaliseDatastorePath(path: string): NormalisedPath {
  const slashed = path.replace(/\\/g, '/');
  if (slashed.startsWith('/') || /^[A-Za-z]:/.test(slashed))
    return { ok: false, reason: 'absolute' };
  const segments = slashed.split('/').filter((segment) => segment !== '' && segment !== '.');
  if (segments.includes('..')) return { ok: false, reason: 'parent-segment' };
  return { ok: true, path: segments.join('/') };
}

/** `azureml:workspaceblobstore` and `workspaceblobstore` name the same datastore. */
export function stripAzuremlPrefix(name: string): string {
  return name.startsWith('azureml:') ? name.slice('azureml:'.length) : name;
}
