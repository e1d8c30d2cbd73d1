import type { PipelineResource } from './pipeline-resource.js';
import { currentPointer, type PlacedProblem } from './problem-placement.js';

export type ValidationOutcome =
  | { readonly kind: 'none' }
  | {
      readonly kind: 'checked';
      readonly origin: 'validate' | 'save';
      readonly problems: readonly PlacedProblem[];
    };

/**
 * The problems of the last validation or save, errors first: each names where it is and takes
 * the user there (the field in the properties panel, or the text in the JSON view).
 */
export function ProblemsPanel({
  outcome,
  resource,
  onGoTo,
  onShowInJson,
  onDismiss,
}: {
  readonly outcome: ValidationOutcome;
  readonly resource: PipelineResource;
  onGoTo(problem: PlacedProblem): void;
  onShowInJson(problem: PlacedProblem): void;
  onDismiss(): void;
}) {
  if (outcome.kind === 'none') return null;
  const errors = outcome.problems.filter((problem) => problem.severity === 'error');
  const warnings = outcome.problems.filter((problem) => problem.severity === 'warning');
  const summary =
    errors.length === 0 && warnings.length === 0
      ? outcome.origin === 'validate'
        ? 'No problems: the pipeline is valid.'
        : 'Saved without problems.'
      : [count(errors.length, 'error'), count(warnings.length, 'warning')]
          .filter((part) => part !== '')
          .join(', ');
  return (
    <section className="problems-panel" aria-label="Problems">
      <header className="problems-header">
        <h2 className={errors.length > 0 ? 'error-text' : ''}>
          {outcome.origin === 'validate' ? 'Validation' : 'Save'}: {summary}
        </h2>
        <span className="spacer" />
        <button type="button" className="link-button" onClick={onDismiss}>
          Close
        </button>
      </header>
      {errors.length + warnings.length === 0 ? null : (
        <ul className="problem-list">
          {[...errors, ...warnings].map((problem, index) => {
            const pointer = currentPointer(resource, problem);
            const where = problem.activityChain?.at(-1);
            return (
              <li key={index} className={`problem problem-${problem.severity}`}>
                <button
                  type="button"
                  className="problem-go"
                  onClick={() => onGoTo(problem)}
                  aria-label={`${problem.severity === 'error' ? 'Error' : 'Warning'}${where === undefined ? '' : ` in ${where}`}: ${problem.message}`}
                >
                  <span className={`problem-icon problem-icon-${problem.severity}`} aria-hidden>
                    {problem.severity === 'error' ? '✕' : '!'}
                  </span>
                  <span className="problem-message">{problem.message}</span>
                  <span className="problem-where muted small">
                    {where === undefined ? null : <strong>{where}</strong>}
                    {problem.relativePointer !== undefined && problem.relativePointer !== '' ? (
                      <code>{problem.relativePointer}</code>
                    ) : where === undefined && problem.target !== undefined ? (
                      <code>{problem.target}</code>
                    ) : null}
                    {problem.code === undefined ? null : <span>{problem.code}</span>}
                    {where !== undefined && pointer === undefined ? (
                      <em>(activity no longer here)</em>
                    ) : null}
                  </span>
                </button>
                {pointer === undefined ? null : (
                  <button
                    type="button"
                    className="link-button small"
                    aria-label={`Show in JSON: ${problem.message}`}
                    onClick={() => onShowInJson(problem)}
                  >
                    JSON
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

function count(n: number, noun: string): string {
  return n === 0 ? '' : `${n} ${noun}${n === 1 ? '' : 's'}`;
}
