import { statusTone } from './status-tone.js';

/** A run, activity or step status as a coloured label (text too: colour is never the only cue). */
export function StatusBadge({ status }: { readonly status: string }) {
  return <span className={`status-badge tone-${statusTone(status)}`}>{status}</span>;
}
