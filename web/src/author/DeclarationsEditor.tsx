import { useState } from 'react';
import type { JsonObject } from '../api/factory-api.js';
import { CommitField, Field } from './form-parts.js';
import {
  defaultValueText,
  ParameterTypes,
  parseDefaultValue,
  VariableTypes,
} from './pipeline-resource.js';
import {
  addDeclaration,
  declarationNameProblem,
  declarationsOf,
  removeDeclaration,
  renameDeclaration,
  updateDeclaration,
  type Declaration,
  type DeclarationSection,
} from './pipeline-settings.js';

/** The pipeline's parameters or variables: name, type and default value of each; add, remove. */
export function DeclarationsEditor({
  section,
  properties,
  problems,
  onChange,
}: {
  readonly section: DeclarationSection;
  readonly properties: JsonObject;
  /** Problems by pointer in the resource (`/properties/parameters/x/defaultValue`). */
  readonly problems: Readonly<Record<string, string>>;
  onChange(properties: JsonObject, coalesceKey?: string): void;
}) {
  const declarations = declarationsOf(properties, section);
  const noun = section === 'parameters' ? 'parameter' : 'variable';
  return (
    <fieldset className="declarations" data-pointer={`/properties/${section}`}>
      <legend>{section === 'parameters' ? 'Parameters' : 'Variables'}</legend>
      {declarations.length === 0 ? (
        <p className="muted small">No {noun}.</p>
      ) : (
        <table className="declarations-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Type</th>
              <th scope="col">Default value</th>
              <th scope="col">
                <span className="visually-hidden">Remove</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {declarations.map((declaration) => (
              <DeclarationRow
                key={declaration.name}
                section={section}
                declaration={declaration}
                properties={properties}
                problems={problems}
                onChange={onChange}
              />
            ))}
          </tbody>
        </table>
      )}
      <button
        type="button"
        onClick={() => onChange(addDeclaration(properties, section).properties)}
      >
        Add {noun}
      </button>
    </fieldset>
  );
}

function DeclarationRow({
  section,
  declaration,
  properties,
  problems,
  onChange,
}: {
  readonly section: DeclarationSection;
  readonly declaration: Declaration;
  readonly properties: JsonObject;
  readonly problems: Readonly<Record<string, string>>;
  onChange(properties: JsonObject, coalesceKey?: string): void;
}) {
  const { name, type } = declaration;
  const pointer = `/properties/${section}/${name.replaceAll('~', '~0').replaceAll('/', '~1')}`;
  const types: readonly string[] = section === 'parameters' ? ParameterTypes : VariableTypes;
  const secure = type.toLowerCase() === 'securestring';
  const [draft, setDraft] = useState(() => defaultValueText(declaration.defaultValue));
  const [shownDefault, setShownDefault] = useState(declaration.defaultValue);
  if (shownDefault !== declaration.defaultValue) {
    setShownDefault(declaration.defaultValue);
    const parsed = parseDefaultValue(type, draft);
    if (!parsed.ok || JSON.stringify(parsed.value) !== JSON.stringify(declaration.defaultValue))
      setDraft(defaultValueText(declaration.defaultValue));
  }
  const parsed = parseDefaultValue(type, draft);
  const problem =
    problems[`${pointer}/defaultValue`] ??
    problems[`${pointer}/type`] ??
    problems[pointer] ??
    (parsed.ok ? undefined : parsed.message);

  return (
    <tr data-pointer={pointer}>
      <td>
        <CommitField
          label={`${section === 'parameters' ? 'Parameter' : 'Variable'} name`}
          value={name}
          hideLabel
          checkDraft={(next) => declarationNameProblem(properties, section, next, name)}
          onCommit={(next) => {
            const refused = declarationNameProblem(properties, section, next, name);
            if (refused === undefined) onChange(renameDeclaration(properties, section, name, next));
            return refused;
          }}
        />
      </td>
      <td>
        <label>
          <span className="visually-hidden">Type of {name}</span>
          <select
            value={types.find((option) => option.toLowerCase() === type.toLowerCase()) ?? type}
            onChange={(event) => {
              const nextType = event.target.value;
              const reparsed = parseDefaultValue(nextType, draft);
              onChange(
                updateDeclaration(properties, section, name, {
                  type: nextType,
                  ...(reparsed.ok ? { defaultValue: reparsed.value } : {}),
                }),
              );
            }}
          >
            {types.includes(type) ? null : <option value={type}>{type}</option>}
            {types.map((option) => (
              <option key={option} value={option}>
                {option}
              </option>
            ))}
          </select>
        </label>
      </td>
      <td>
        <Field
          label={<span className="visually-hidden">Default value of {name}</span>}
          pointer={`${pointer}/defaultValue`}
          problem={problem}
        >
          {(control) => (
            <input
              {...control}
              value={draft}
              type={secure ? 'password' : 'text'}
              autoComplete="off"
              placeholder={secure ? 'Secret (stored sealed)' : 'No default'}
              onChange={(event) => {
                setDraft(event.target.value);
                const next = parseDefaultValue(type, event.target.value);
                if (next.ok) {
                  setShownDefault(next.value);
                  onChange(
                    updateDeclaration(properties, section, name, { defaultValue: next.value }),
                    `${section}:${name}:default`,
                  );
                }
              }}
            />
          )}
        </Field>
      </td>
      <td>
        <button
          type="button"
          className="link-button"
          aria-label={`Remove ${name}`}
          onClick={() => onChange(removeDeclaration(properties, section, name))}
        >
          Remove
        </button>
      </td>
    </tr>
  );
}
