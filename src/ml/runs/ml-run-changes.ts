/**
 * Run status changes made in this process, for callers that wait for a run to move on (the
 * AzureMLExecutePipeline activity) instead of polling the store. Changes made by other processes
 * are not seen here, so every wait has a time limit after which the caller reads the store.
 */
import type { MlRunRecord } from '../../store/ml-store.js';

type Waiter = (run: MlRunRecord | undefined) => void;

export interface PendingRunChange {
  /** The changed run, or undefined when the time limit passed or the signal aborted. */
  readonly changed: Promise<MlRunRecord | undefined>;
  /** Stops waiting now (resolves `changed` with undefined). */
  stop(): void;
}

export class MlRunChanges {
  readonly #waiters = new Map<string, Set<Waiter>>();

  /** Bound, so it can be handed to the run executor as its `onRunChange`. */
  readonly publish = (run: MlRunRecord): void => {
    for (const waiter of [...(this.#waiters.get(run.id) ?? [])]) waiter(run);
  };

  /** Starts waiting at once, so a change made right after this call is not missed. */
  nextChange(runId: string, timeoutMs: number, signal?: AbortSignal): PendingRunChange {
    let stop!: () => void;
    const changed = new Promise<MlRunRecord | undefined>((resolve) => {
      const waiters = this.#waiters.get(runId) ?? new Set<Waiter>();
      this.#waiters.set(runId, waiters);
      const finish: Waiter = (run) => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        waiters.delete(finish);
        if (waiters.size === 0) this.#waiters.delete(runId);
        resolve(run);
      };
      const onAbort = () => finish(undefined);
      const timer = setTimeout(onAbort, timeoutMs);
      signal?.addEventListener('abort', onAbort, { once: true });
      waiters.add(finish);
      stop = onAbort;
      if (signal?.aborted) onAbort();
    });
    return { changed, stop };
  }

  /** How many waits are pending (for tests: none may leak). */
  get pendingCount(): number {
    let count = 0;
    for (const waiters of this.#waiters.values()) count += waiters.size;
    return count;
  }
}
