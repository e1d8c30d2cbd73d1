import { CONDITION_COLORS, type DependencyCondition } from './dependency-conditions.js';

const GLYPHS: Record<DependencyCondition, string> = {
  Succeeded: 'M4.5 8.5l2.3 2.3L11.5 5.8',
  Failed: 'M5.3 5.3l5.4 5.4M10.7 5.3l-5.4 5.4',
  Completed: 'M4.2 8h6.8M8.2 5.2L11 8l-2.8 2.8',
  Skipped: 'M4.2 5.2L7 8l-2.8 2.8M8.6 5.2L11.4 8l-2.8 2.8',
};

/** A condition as a coloured disc with a symbol: a check, a cross, an arrow, a double chevron. */
export function ConditionIcon({
  condition,
  size = 16,
}: {
  readonly condition: DependencyCondition;
  /** (Default: 16) */
  readonly size?: number;
}) {
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 16 16"
      aria-hidden="true"
      className="canvas-condition-icon"
    >
      <circle cx="8" cy="8" r="8" fill={CONDITION_COLORS[condition]} />
      <path
        d={GLYPHS[condition]}
        fill="none"
        stroke="#fff"
        strokeWidth="1.8"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}
