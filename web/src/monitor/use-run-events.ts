import { useEffect, useEffectEvent, useState } from 'react';
import { followRunEvents, StreamStates, type StreamState } from './event-stream.js';
import type { RunEvent } from './run-events.js';

/**
 * Follows a run event stream while `path` is given; `onEvent` hears each event. Returns the
 * connection's state (poll while it is not `live`).
 */
export function useRunEvents(
  path: string | undefined,
  onEvent: (event: RunEvent) => void,
): StreamState {
  const [state, setState] = useState<{ path: string | undefined; state: StreamState }>({
    path: undefined,
    state: StreamStates.idle,
  });
  const handle = useEffectEvent(onEvent);
  useEffect(() => {
    if (path === undefined) return undefined;
    const controller = new AbortController();
    void followRunEvents(path, {
      signal: controller.signal,
      onEvent: (event) => handle(event),
      onState: (next) => {
        if (!controller.signal.aborted) setState({ path, state: next });
      },
    });
    return () => controller.abort();
  }, [path]);
  if (path === undefined) return StreamStates.idle;
  return state.path === path ? state.state : StreamStates.connecting;
}
