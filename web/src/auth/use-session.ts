import { useSyncExternalStore } from 'react';
import { currentSession, onSessionChange, type Session } from '../api/session.js';

let cached: Session | undefined = currentSession();
const subscribe = (notify: () => void) =>
  onSessionChange((session) => {
    cached = session;
    notify();
  });

/** The signed-in user's session; re-renders when the user signs in or out (or a 401 ends it). */
export function useSession(): Session | undefined {
  return useSyncExternalStore(subscribe, () => {
    // An expired token ends the session without any event.
    if (cached !== undefined && cached.expiresAt <= Date.now()) cached = undefined;
    return cached;
  });
}
