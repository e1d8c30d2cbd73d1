/** How the suites summarise samples: percentiles by rank, and one line for a set of timings. */

/** The value at rank `q` (0 … 1) of the samples, 0 when there are none. */
export function percentile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

/** `median … ms, p90 … ms, min … ms (n=…)` of timings in milliseconds. */
export function timingSummary(values: readonly number[]): string {
  return `median ${percentile(values, 0.5).toFixed(1)} ms, p90 ${percentile(values, 0.9).toFixed(1)} ms, min ${percentile(values, 0).toFixed(1)} ms (n=${values.length})`;
}
