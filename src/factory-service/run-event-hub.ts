/**
 * Fans the engine's run events out to whoever watches runs in this process (the API's event
 * streams). The composition root gives `publish` to the engine as its `onEvent`; a listener that
 * throws is skipped so that it can never break the engine step that announced the event.
 */
import type { RunEvent } from '../engine/engine-ports.js';

export type RunEventListener = (event: RunEvent) => void;

export class RunEventHub {
  readonly #listeners = new Set<RunEventListener>();

  /** The engine's `onEvent`. */
  readonly publish = (event: RunEvent): void => {
    for (const listener of [...this.#listeners]) {
      try {
        listener(event);
      } catch {
        // A watcher's failure is its own; the engine goes on.
      }
    }
  };

  /** Calls `listener` with every event from now on; returns how to stop. */
  subscribe(listener: RunEventListener): () => void {
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  }

  /** How many listeners are subscribed (streams open). */
  get listenerCount(): number {
    return this.#listeners.size;
  }
}
