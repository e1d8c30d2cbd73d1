import { useRef, useState } from 'react';
import type { JsonObject } from '../api/factory-api.js';
import { DeclarationsEditor } from './DeclarationsEditor.js';
import { Field, useFocusRequest, type FocusRequest } from './form-parts.js';
import {
  annotationsText,
  folderOf,
  withAnnotationsText,
  withFolder,
  withSetting,
} from './pipeline-settings.js';

/** The pipeline's own settings, shown while no activity is selected. */
export function PipelineSettingsPanel({
  name,
  properties,
  problems,
  onChange,
  focusRequest,
}: {
  readonly name: string;
  readonly properties: JsonObject;
  /** Problems outside the activities, by pointer in the resource. */
  readonly problems: Readonly<Record<string, string>>;
  onChange(properties: JsonObject, coalesceKey?: string): void;
  readonly focusRequest?: FocusRequest;
}) {
  const container = useRef<HTMLDivElement>(null);
  useFocusRequest(container, focusRequest);
  const description =
    typeof properties['description'] === 'string' ? properties['description'] : '';
  const concurrency =
    typeof properties['concurrency'] === 'number' ? String(properties['concurrency']) : '';
  // Annotations are typed as text and kept as typed until the list they mean changes.
  const [annotations, setAnnotations] = useState(() => annotationsText(properties));
  const [shownAnnotations, setShownAnnotations] = useState(properties['annotations']);
  if (shownAnnotations !== properties['annotations']) {
    setShownAnnotations(properties['annotations']);
    if (annotationsText(withAnnotationsText({}, annotations)) !== annotationsText(properties))
      setAnnotations(annotationsText(properties));
  }

  return (
    <div className="properties-panel" ref={container} role="region" aria-label="Pipeline settings">
      <header className="properties-header">
        <div>
          <h2>{name}</h2>
          <p className="muted small">Pipeline settings — select an activity to edit it.</p>
        </div>
      </header>
      <section className="panel-section" aria-label="General">
        <Field
          label="Description"
          pointer="/properties/description"
          problem={problems['/properties/description']}
        >
          {(control) => (
            <textarea
              {...control}
              rows={2}
              value={description}
              onChange={(event) =>
                onChange(
                  withSetting(properties, 'description', event.target.value),
                  'pipeline:description',
                )
              }
            />
          )}
        </Field>
        <div className="field-row">
          <Field
            label="Folder"
            pointer="/properties/folder"
            problem={problems['/properties/folder'] ?? problems['/properties/folder/name']}
          >
            {(control) => (
              <input
                {...control}
                value={folderOf(properties)}
                placeholder="No folder"
                onChange={(event) =>
                  onChange(withFolder(properties, event.target.value), 'pipeline:folder')
                }
              />
            )}
          </Field>
          <Field
            label="Concurrency"
            pointer="/properties/concurrency"
            problem={problems['/properties/concurrency']}
          >
            {(control) => (
              <input
                {...control}
                type="number"
                min={1}
                value={concurrency}
                placeholder="Unlimited"
                onChange={(event) =>
                  onChange(
                    withSetting(
                      properties,
                      'concurrency',
                      event.target.value === '' ? undefined : Number(event.target.value),
                    ),
                    'pipeline:concurrency',
                  )
                }
              />
            )}
          </Field>
        </div>
        <Field
          label="Annotations"
          pointer="/properties/annotations"
          problem={problems['/properties/annotations']}
        >
          {(control) => (
            <input
              {...control}
              value={annotations}
              placeholder="Comma-separated"
              onChange={(event) => {
                setAnnotations(event.target.value);
                const next = withAnnotationsText(properties, event.target.value);
                setShownAnnotations(next['annotations']);
                onChange(next, 'pipeline:annotations');
              }}
            />
          )}
        </Field>
      </section>
      <section className="panel-section">
        <DeclarationsEditor
          section="parameters"
          properties={properties}
          problems={problems}
          onChange={onChange}
        />
      </section>
      <section className="panel-section">
        <DeclarationsEditor
          section="variables"
          properties={properties}
          problems={problems}
          onChange={onChange}
        />
      </section>
    </div>
  );
}
