import type { ReactNode } from 'react';

export interface Fact {
  readonly label: string;
  readonly value: ReactNode;
}

/** Label–value pairs in a grid: a run's or a pipeline's header. Facts with no value are left out. */
export function FactsList({
  facts,
  label,
}: {
  readonly facts: readonly Fact[];
  readonly label: string;
}) {
  return (
    <dl className="ml-facts" role="group" aria-label={label}>
      {facts
        .filter((fact) => fact.value !== undefined && fact.value !== null && fact.value !== '')
        .map((fact) => (
          <div key={fact.label} className="ml-fact">
            <dt>{fact.label}</dt>
            <dd>{fact.value}</dd>
          </div>
        ))}
    </dl>
  );
}
