/**
 * The activity's AzureMLService linked service: a picker of the factory's ones, a link to view
 * it, fields for the parameters it declares, and a note when it runs the pipeline on another
 * ML workspace than the one the panel lists from.
 */
import { useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { Link } from 'react-router';
import { listResources, type JsonObject } from '../../api/factory-api.js';
import { ExpressionField } from '../../expression-editor/ExpressionField.js';
import { ErrorMessage } from '../../ui/ErrorMessage.js';
import {
  isJsonObject,
  pointer,
  problemAt,
  readLinkedService,
  withLinkedService,
  withLinkedServiceParameter,
} from './ml-activity-json.js';
import { workspaceTargetOf } from './ml-workspace-target.js';

const ML_LINKED_SERVICE_TYPE = 'azuremlservice';

export interface LinkedServiceSectionProps {
  readonly factory: string;
  readonly activity: JsonObject;
  onChange(activity: JsonObject): void;
  readonly problems: Readonly<Record<string, string>> | undefined;
  readonly parameterNames: readonly string[] | undefined;
}

export function LinkedServiceSection({
  factory,
  activity,
  onChange,
  problems,
  parameterNames,
}: LinkedServiceSectionProps) {
  const headingId = useId();
  const selectId = useId();
  const errorId = useId();
  const services = useQuery({
    queryKey: ['resources', factory, 'linkedservices'],
    queryFn: () => listResources(factory, 'linkedservices'),
    staleTime: 30_000,
  });
  const current = readLinkedService(activity);
  const currentName = current?.referenceName ?? '';
  const mlServices = (services.data ?? []).filter(
    (service) => String(service.properties['type'] ?? '').toLowerCase() === ML_LINKED_SERVICE_TYPE,
  );
  const chosen = services.data?.find((service) => service.name === currentName);
  const chosenIsMl =
    chosen !== undefined &&
    String(chosen.properties['type'] ?? '').toLowerCase() === ML_LINKED_SERVICE_TYPE;
  const problem = problemAt(problems, '/linkedServiceName', false);
  const declared = isJsonObject(chosen?.properties['parameters'])
    ? chosen.properties['parameters']
    : {};
  const target =
    chosen === undefined
      ? undefined
      : workspaceTargetOf(chosen.properties, current?.parameters ?? {}, window.location.origin);

  return (
    <section className="ml-section" aria-labelledby={headingId}>
      <h3 id={headingId}>Linked service</h3>
      <div className="ml-row" data-pointer="/linkedServiceName">
        {services.isError ? (
          <label>
            Azure ML linked service name
            <input
              value={currentName}
              aria-invalid={problem !== undefined}
              onChange={(event) => onChange(withLinkedService(activity, event.target.value))}
            />
          </label>
        ) : (
          <label htmlFor={selectId}>
            Azure ML linked service
            <select
              id={selectId}
              value={currentName}
              aria-invalid={problem !== undefined}
              {...(problem === undefined ? {} : { 'aria-describedby': errorId })}
              onChange={(event) => onChange(withLinkedService(activity, event.target.value))}
            >
              <option value="">
                {services.isPending ? 'Loading…' : 'Choose a linked service'}
              </option>
              {mlServices.map((service) => (
                <option key={service.name} value={service.name}>
                  {service.name}
                </option>
              ))}
              {currentName !== '' && !mlServices.some((service) => service.name === currentName) ? (
                <option value={currentName}>
                  {currentName} ({chosen === undefined ? 'not found' : 'not an AzureMLService'})
                </option>
              ) : null}
            </select>
          </label>
        )}
        {chosen === undefined ? null : (
          <Link
            className="ml-view-link"
            to={`/factories/${encodeURIComponent(factory)}/linkedservices/${encodeURIComponent(chosen.name)}`}
          >
            View {chosen.name}
          </Link>
        )}
      </div>
      {problem === undefined ? null : (
        <p id={errorId} className="field-error">
          {problem}
        </p>
      )}
      {services.isError ? (
        <ErrorMessage error={services.error} title="The linked services could not be listed" />
      ) : null}
      {services.isSuccess && mlServices.length === 0 ? (
        <p className="muted small">
          This factory has no linked service of type AzureMLService. Add one to the factory (for
          example <code>linkedService/MillraceMl.json</code>) to run ML pipelines.
        </p>
      ) : null}
      {chosen !== undefined && !chosenIsMl ? (
        <p className="field-error">
          {chosen.name} is of type {String(chosen.properties['type'])}; this activity needs an
          AzureMLService linked service.
        </p>
      ) : null}

      {Object.keys(declared).length === 0 ? null : (
        <div className="ml-subgroup">
          <h4>Linked service parameters</h4>
          {Object.entries(declared).map(([name, declaration]) => {
            const type = isJsonObject(declaration)
              ? String(declaration['type'] ?? 'String')
              : 'String';
            const fallback = isJsonObject(declaration) ? declaration['defaultValue'] : undefined;
            const at = pointer('linkedServiceName', 'parameters', name);
            const fieldProblem = problemAt(problems, at);
            return (
              <div key={name} data-pointer={at}>
                <ExpressionField
                  label={`${name} (${type})`}
                  value={current?.parameters[name]}
                  literalType={literalTypeOf(type)}
                  placeholder={
                    fallback === undefined || fallback === null || fallback === ''
                      ? 'default: (empty)'
                      : `default: ${typeof fallback === 'string' ? fallback : JSON.stringify(fallback)}`
                  }
                  {...(parameterNames === undefined ? {} : { parameters: parameterNames })}
                  {...(fieldProblem === undefined ? {} : { error: fieldProblem })}
                  onChange={(value) => onChange(withLinkedServiceParameter(activity, name, value))}
                />
              </div>
            );
          })}
        </div>
      )}

      {target === undefined || target.kind === 'this-server' ? null : (
        <p className="info-box small" role="note">
          {target.kind === 'other-server' ? (
            <>
              This linked service runs the pipeline on the ML workspace at <code>{target.url}</code>
              . The pipelines listed below come from this server’s workspace, which may not hold the
              same ones.
            </>
          ) : (
            <>
              This linked service chooses its ML workspace with an expression (
              <code>{target.expression}</code>). The pipelines listed below come from this server’s
              workspace.
            </>
          )}
        </p>
      )}
    </section>
  );
}

function literalTypeOf(type: string): 'string' | 'number' | 'boolean' {
  switch (type.toLowerCase()) {
    case 'int':
    case 'float':
      return 'number';
    case 'bool':
      return 'boolean';
    default:
      return 'string';
  }
}
