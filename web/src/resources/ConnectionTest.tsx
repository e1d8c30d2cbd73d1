/**
 * Test connection of an AzureMLService linked service, with values for its parameters: the
 * server reaches the ML workspace with the linked service's own credentials and answers with
 * the permissions they hold, or with Data Factory's error code (4121 expired, 4122 invalid or
 * lacking permission, …).
 */
import { useMutation } from '@tanstack/react-query';
import { useId, useState } from 'react';
import type { JsonObject } from '../api/factory-api.js';
import { ApiError } from '../api/http.js';
import { ErrorMessage } from '../ui/ErrorMessage.js';
import { testLinkedServiceConnection } from './resource-api.js';

export function ConnectionTest({
  factory,
  name,
  declaredParameters,
}: {
  readonly factory: string;
  readonly name: string;
  readonly declaredParameters: JsonObject;
}) {
  const headingId = useId();
  const [values, setValues] = useState<Record<string, string>>({});
  const test = useMutation({
    mutationFn: () =>
      testLinkedServiceConnection(
        factory,
        name,
        Object.fromEntries(Object.entries(values).filter(([, value]) => value !== '')),
      ),
  });
  const result = test.data;
  return (
    <section className="panel resource-test" aria-labelledby={headingId}>
      <h2 id={headingId}>Test connection</h2>
      <p className="muted small">
        Reaches the ML workspace with this linked service’s own credentials, as a run would.
      </p>
      {Object.keys(declaredParameters).length === 0 ? null : (
        <div className="resource-test-parameters">
          {Object.entries(declaredParameters).map(([parameter, declaration]) => {
            const fallback =
              typeof declaration === 'object' && declaration !== null && !Array.isArray(declaration)
                ? declaration['defaultValue']
                : undefined;
            return (
              <label key={parameter}>
                Parameter {parameter}
                <input
                  value={values[parameter] ?? ''}
                  placeholder={
                    fallback === undefined || fallback === null || fallback === ''
                      ? 'default: (empty)'
                      : `default: ${String(fallback)}`
                  }
                  onChange={(event) =>
                    setValues((current) => ({ ...current, [parameter]: event.target.value }))
                  }
                />
              </label>
            );
          })}
        </div>
      )}
      <div className="toolbar">
        <button
          type="button"
          className="primary"
          disabled={test.isPending}
          onClick={() => test.mutate()}
        >
          {test.isPending ? 'Testing…' : 'Test connection'}
        </button>
      </div>
      <div aria-live="polite">
        {result === undefined ? null : result.succeeded ? (
          <div className="resource-test-result success" role="status">
            <strong>Connection successful.</strong> {result.message}
          </div>
        ) : (
          <div className="resource-test-result failure" role="alert">
            <strong>
              Connection failed
              {result.errorCode === undefined ? '' : ` (error ${result.errorCode})`}.
            </strong>{' '}
            {result.message}
          </div>
        )}
        {test.error === null ? null : (
          <ErrorMessage
            error={test.error}
            title={
              test.error instanceof ApiError && test.error.forbidden
                ? 'You may not test this connection'
                : 'The test could not run'
            }
          />
        )}
      </div>
    </section>
  );
}
