import type { JsonObject } from '../api/factory-api.js';

/** A resource's declared parameters: name, type and default. */
export function ParameterList({ parameters }: { readonly parameters: JsonObject }) {
  const entries = Object.entries(parameters);
  if (entries.length === 0) return <span className="muted">None</span>;
  return (
    <ul className="resource-parameters">
      {entries.map(([name, declaration]) => {
        const spec =
          typeof declaration === 'object' && declaration !== null && !Array.isArray(declaration)
            ? declaration
            : {};
        const fallback = spec['defaultValue'];
        return (
          <li key={name}>
            <code>{name}</code> <span className="muted">{String(spec['type'] ?? 'String')}</span>
            {fallback === undefined ? null : (
              <span className="muted small">
                {' '}
                default {fallback === '' ? '(empty)' : <code>{JSON.stringify(fallback)}</code>}
              </span>
            )}
          </li>
        );
      })}
    </ul>
  );
}
