/**
 * `workerCount` long-lived workers serving one queue of mini-batches. Each worker slot loops:
 * start a worker (init() runs), take a mini-batch, try it, report the try, and start a new worker
 * when the old one is lost (it died, timed out or broke the protocol). A worker holds up to
 * `MINI_BATCHES_PER_WORKER` mini-batches at once, so that it starts the next as soon as it
 * returns one instead of waiting for the parent to hear it and send another. A slot whose worker
 * cannot start (init() failed, the process could not be spawned) is given up: the pool goes on
 * with the others, and ends `no-workers` when none is left while mini-batches remain.
 */
import type { QueuedMiniBatch, MiniBatchQueue } from './mini-batch-queue.js';
import type { EndedTry, WorkerProcess, WorkerStart } from './worker-process.js';

/** Times a slot restarts a worker that exited while idle before it gives up. (Default: 3.) */
export const MAX_IDLE_EXITS = 3;
/** Time a worker gets to exit once its channel is closed at the end. (Default: 2 s.) */
export const SHUTDOWN_GRACE_MS = 2000;
/**
 * Mini-batches sent to a worker at once: the one it runs and the next, which it starts without a
 * round trip to the parent. A worker takes one ahead only while at least `workerCount`
 * mini-batches wait, so that it never holds one another worker could start now. (Default: 2.)
 */
export const MINI_BATCHES_PER_WORKER = 2;

export interface WorkerPoolEvents {
  workerReady(workerIndex: number, pid: number | undefined): void;
  /** A worker did not start, or exited while idle; the slot may go on with a new one. */
  workerLost(workerIndex: number, message: string): void;
  /**
   * A try ended (never called once the pool is stopping). Call `queue.retry` here to try again;
   * the try counts as in flight until this returns.
   */
  tryEnded(queued: QueuedMiniBatch, outcome: EndedTry, workerIndex: number): void;
}

export interface WorkerPoolOptions {
  readonly workerCount: number;
  readonly queue: MiniBatchQueue;
  /** Starts the worker process of a slot (also to replace a lost one). */
  readonly startWorker: (workerIndex: number) => WorkerProcess;
  readonly runTimeoutMs: number;
  /** True for append_row: workers send their results, not only how many. */
  readonly sendResults: boolean;
  readonly events: WorkerPoolEvents;
}

/** Why a slot was given up. */
export interface SlotLoss {
  readonly workerIndex: number;
  readonly reason: 'init-failed' | 'spawn-failed' | 'crashed';
  readonly message: string;
}

export type PoolEnd =
  | { readonly kind: 'drained' }
  | { readonly kind: 'stopped' }
  | { readonly kind: 'no-workers'; readonly losses: readonly SlotLoss[] };

export class WorkerPool {
  private stopping: Promise<void> | undefined;
  private readonly live = new Set<WorkerProcess>();
  private readonly losses: SlotLoss[] = [];
  private started = 0;

  constructor(private readonly options: WorkerPoolOptions) {}

  /** Worker processes started so far, replacements included. */
  get workersStarted(): number {
    return this.started;
  }

  /** Serves the queue until it is drained, the pool is stopped, or no worker is left. */
  async run(): Promise<PoolEnd> {
    // A slot that throws (a bug, an unwritable log) stops the others before the error goes up.
    const slots = Array.from({ length: this.options.workerCount }, (_, index) =>
      this.slot(index).catch(async (error: unknown) => {
        await this.stop();
        throw error;
      }),
    );
    const ended = await Promise.allSettled(slots);
    const thrown = ended.find((end) => end.status === 'rejected');
    if (thrown !== undefined) throw thrown.reason;
    if (this.stopping !== undefined) {
      await this.stopping;
      return { kind: 'stopped' };
    }
    return this.options.queue.drained
      ? { kind: 'drained' }
      : { kind: 'no-workers', losses: this.losses };
  }

  /** Stops every worker's process tree now; running tries are abandoned, not reported. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.options.queue.close();
      await Promise.all([...this.live].map((worker) => worker.kill()));
    })();
    return this.stopping;
  }

  private get isStopping(): boolean {
    return this.stopping !== undefined;
  }

  private async slot(workerIndex: number): Promise<void> {
    const { events } = this.options;
    let idleExits = 0;
    while (!this.isStopping) {
      const worker = this.options.startWorker(workerIndex);
      this.started += 1;
      this.live.add(worker);
      try {
        const start = await worker.started;
        if (this.isStopping) return;
        if (start.kind !== 'ready') {
          await worker.kill();
          events.workerLost(workerIndex, start.message);
          this.losses.push({ workerIndex, reason: lossReason(start), message: start.message });
          return;
        }
        events.workerReady(workerIndex, worker.pid);
        const end = await this.serve(worker, workerIndex);
        if (end === 'finished' || this.isStopping) return;
        if (end === 'lost-idle') {
          idleExits += 1;
          const message = `worker ${workerIndex} exited while waiting for a mini-batch`;
          events.workerLost(workerIndex, message);
          if (idleExits > MAX_IDLE_EXITS) {
            this.losses.push({ workerIndex, reason: 'crashed', message });
            return;
          }
        } else idleExits = 0;
      } finally {
        await worker.gone;
        this.live.delete(worker);
      }
    }
  }

  /** Feeds one ready worker until the queue ends or the worker is lost. */
  private async serve(worker: WorkerProcess, workerIndex: number): Promise<ServeEnd> {
    const held = { count: 0 };
    const ends = await Promise.all(
      Array.from({ length: MINI_BATCHES_PER_WORKER }, () => this.feed(worker, workerIndex, held)),
    );
    if (ends.includes('lost-in-run')) return 'lost-in-run';
    return ends.includes('finished') ? 'finished' : 'lost-idle';
  }

  /**
   * One of the worker's mini-batch places: take, send, report, until the end or a loss. A place
   * takes a mini-batch when the worker holds none, or one ahead while at least `workerCount`
   * wait (`held` counts what the worker holds, over all its places).
   */
  private async feed(
    worker: WorkerProcess,
    workerIndex: number,
    held: { count: number },
  ): Promise<ServeEnd> {
    const { queue, events, workerCount } = this.options;
    const wanted = (): number => (held.count === 0 ? 1 : workerCount);
    for (;;) {
      await Promise.race([queue.whenAvailable(wanted()), worker.gone]);
      if (this.isStopping) return 'finished';
      if (worker.isGone) return 'lost-idle';
      const queued = queue.available >= wanted() ? queue.take() : undefined;
      if (queued === undefined) {
        if (!queue.drained) continue;
        await worker.shutdown(SHUTDOWN_GRACE_MS);
        return 'finished';
      }
      held.count += 1;
      const outcome = await worker.run(
        {
          kind: 'run',
          miniBatch: queued.miniBatch,
          attempt: queued.attempt,
          workerIndex,
          sendResults: this.options.sendResults,
        },
        this.options.runTimeoutMs,
      );
      held.count -= 1;
      if (this.isStopping) return 'finished';
      if (outcome.kind === 'not-started') {
        // It waited behind the try that lost the worker: not a try of its own.
        queue.putBack(queued);
        queue.settle();
        return 'lost-in-run';
      }
      try {
        events.tryEnded(queued, outcome, workerIndex);
      } finally {
        queue.settle();
      }
      if (outcome.kind === 'worker-lost') return 'lost-in-run';
    }
  }
}

type ServeEnd = 'finished' | 'lost-idle' | 'lost-in-run';

function lossReason(start: Exclude<WorkerStart, { kind: 'ready' }>): SlotLoss['reason'] {
  switch (start.kind) {
    case 'init-failed':
    case 'lost':
      return 'init-failed';
    case 'spawn-failed':
      return 'spawn-failed';
  }
}
