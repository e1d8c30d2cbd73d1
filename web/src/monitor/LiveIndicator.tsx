import { StreamStates, type StreamState } from './event-stream.js';

const TEXTS: Record<StreamState, string | undefined> = {
  [StreamStates.connecting]: 'Connecting…',
  [StreamStates.live]: 'Live',
  [StreamStates.retrying]: 'Reconnecting (refreshing every few seconds)',
  [StreamStates.ended]: undefined,
  [StreamStates.failed]: 'Live updates unavailable (refreshing every few seconds)',
  [StreamStates.idle]: undefined,
};

/** Whether the page follows runs live, and what it does when it cannot. */
export function LiveIndicator({ state }: { readonly state: StreamState }) {
  const text = TEXTS[state];
  if (text === undefined) return null;
  return (
    <span className={`live-indicator live-${state}`} role="status">
      <span className="live-dot" aria-hidden="true" />
      {text}
    </span>
  );
}
