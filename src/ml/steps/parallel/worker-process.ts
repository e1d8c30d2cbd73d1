/**
 * One worker process seen from the parent: started as the leader of its own process group, with
 * its stdout and stderr appended to `worker-<n>.txt` and the protocol channel on fd 3. It answers
 * "is it ready", "run this mini-batch (within this time)", and can be shut down or killed with
 * everything it started. It never respawns itself: the worker pool decides that.
 *
 * Several mini-batches may be sent before the first returns: the worker runs them one after the
 * other, in the order sent, so it starts the next one without waiting for the parent. Each try's
 * run_invocation_timeout counts from when the try before it on this worker ended.
 */
import type { ChildProcess } from 'node:child_process';
import { closeSync, createWriteStream, openSync, writeSync, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Socket } from 'node:net';
import { finished } from 'node:stream/promises';
import {
  killProcessTree,
  signalProcessGroup,
  spawnProcessGroup,
} from '../../../processes/process-tree.js';
import {
  encodeMessage,
  parseWorkerMessage,
  type RunMessage,
  type WorkerMessage,
} from './worker-protocol.js';
import { ChannelReader } from './channel-reader.js';
import { formatResultLines } from './result-row-format.js';

export interface WorkerProcessOptions {
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /**
   * Appended to: the worker's stdout and stderr, plus a line when it starts. stderr goes there
   * directly; stdout passes through the parent, which appends it and hands it to `onStdout`.
   */
  readonly logFile: string;
  readonly workerIndex: number;
  /** Each chunk of the worker's stdout as it arrives; `null` once it ends. (Default: none.) */
  readonly onStdout?: (chunk: Buffer | null) => void;
}

/** How starting a worker ended. */
export type WorkerStart =
  | { readonly kind: 'ready' }
  /** The entry script failed to load, or its init() threw. */
  | { readonly kind: 'init-failed'; readonly message: string }
  /** The process could not be started at all. */
  | { readonly kind: 'spawn-failed'; readonly message: string }
  /** It died (or broke the protocol, or was stopped) before saying either. */
  | { readonly kind: 'lost'; readonly message: string };

/** How one try of a mini-batch ended. */
export type TryOutcome =
  | {
      readonly kind: 'succeeded';
      readonly resultCount: number;
      /**
       * The results as append_row lines (UTF-8, each ending with `\n`), in pieces to write one
       * after the other; null when none were sent.
       */
      readonly lines: readonly Buffer[] | null;
    }
  /** run() threw: the worker is still good. */
  | { readonly kind: 'threw'; readonly message: string }
  /** The worker died, timed out or broke the protocol during run(); it is gone. */
  | { readonly kind: 'worker-lost'; readonly message: string }
  /** The worker was lost before it started this try (it waited behind another one). */
  | { readonly kind: 'not-started' };

/** A try that ran: what the pool reports. */
export type EndedTry = Exclude<TryOutcome, { readonly kind: 'not-started' }>;

/** After the leader exits, how long to wait for its channel to close before giving up on it. */
const CLOSE_WAIT_AFTER_EXIT_MS = 1000;
/** setTimeout fires at once for delays above 2^31 - 1 ms (about 24.8 days). */
const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

type State = 'starting' | 'idle' | 'running' | 'gone';

interface PendingRun {
  readonly message: RunMessage;
  readonly timeoutMs: number;
  readonly resolve: (outcome: TryOutcome) => void;
  /** Set once the try is the first pending one, i.e. the one the worker is running. */
  timer?: NodeJS.Timeout;
  /** Set when the parent stops the worker during run(): why, for the try's error message. */
  stoppedBecause?: string;
}

export class WorkerProcess {
  readonly started: Promise<WorkerStart>;
  /** Resolves once the process has exited, its channel is closed and its stdout is in its log. */
  readonly gone: Promise<void>;

  private state: State = 'starting';
  private resolveStarted!: (start: WorkerStart) => void;
  private resolveExited!: () => void;
  /** Tries sent and not yet ended, in the order sent: the first is running. */
  private readonly pendingRuns: PendingRun[] = [];
  /** Why the parent stopped the worker, as a predicate ("was stopped by the parent"). */
  private lostBecause: string | undefined;
  private exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  /** A run-succeeded message whose result lines are still arriving. */
  private awaitingLines: RunSucceeded | undefined;
  private closeTimer: NodeJS.Timeout | undefined;
  private readonly child: ChildProcess;
  private readonly channel: Socket | undefined;
  private stdoutLog: WriteStream | undefined;

  private constructor(private readonly options: WorkerProcessOptions) {
    this.started = new Promise((resolve) => (this.resolveStarted = resolve));
    const exited = new Promise<void>((resolve) => (this.resolveExited = resolve));
    const logFd = openSync(options.logFile, 'a');
    try {
      this.child = spawnProcessGroup(options.command, options.args, {
        cwd: options.cwd,
        env: options.env,
        stdio: ['ignore', 'pipe', logFd, 'pipe'],
      });
      if (this.child.pid !== undefined)
        writeSync(
          logFd,
          `[millrace] worker ${options.workerIndex} started: pid ${this.child.pid}\n`,
        );
    } finally {
      closeSync(logFd);
    }
    const stdoutLogged = this.logStdout();
    // Gone means every line it printed is in its log, so a reader of the log at the step's end
    // (or a test) sees all of it.
    this.gone = Promise.all([exited, stdoutLogged]).then(() => undefined);
    this.channel = (this.child.stdio[3] ?? undefined) as Socket | undefined;
    this.child.on('error', (error) => {
      // Only a failed spawn reaches here with no pid; a failed kill() is not an error for us.
      if (this.child.pid === undefined)
        this.finish({ kind: 'spawn-failed', message: error.message });
    });
    this.child.once('exit', (code, signal) => {
      this.exit = { code, signal };
      // Leftovers of the group must not outlive their worker; a member still holding the
      // channel open would also keep 'close' from coming.
      signalProcessGroup(this.child, 'SIGKILL');
      this.closeTimer = setTimeout(() => this.finish(), CLOSE_WAIT_AFTER_EXIT_MS);
    });
    this.child.once('close', () => this.finish());
    if (this.channel !== undefined) {
      const reader = new ChannelReader(
        (line) => this.receive(line),
        (lines) => this.linesArrived(lines),
      );
      this.channel.on('data', (chunk: Buffer) => reader.push(chunk));
      // EPIPE and the like: the exit that follows says what happened.
      this.channel.on('error', () => {});
    }
  }

  /**
   * Appends the worker's stdout to its log and hands it to `onStdout`; resolves once the log has
   * all of it and `onStdout` has had its end. A log that cannot be written loses the rest of the output, never the worker.
   */
  private async logStdout(): Promise<void> {
    const stdout = this.child.stdout;
    if (stdout === null) return;
    const log = createWriteStream(this.options.logFile, { flags: 'a' });
    this.stdoutLog = log;
    log.on('error', () => {
      stdout.unpipe(log);
      stdout.resume(); // a worker must never block on a full pipe
    });
    const { onStdout } = this.options;
    if (onStdout !== undefined) {
      stdout.on('data', (chunk: Buffer) => onStdout(chunk));
      stdout.once('close', () => onStdout(null));
    }
    const closed = once(stdout, 'close');
    stdout.pipe(log);
    await Promise.all([finished(log).catch(() => undefined), closed]);
  }

  static start(options: WorkerProcessOptions): WorkerProcess {
    return new WorkerProcess(options);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get isGone(): boolean {
    return this.state === 'gone';
  }

  /**
   * Sends one mini-batch, to run after those sent before it; resolves when its run() returns or
   * throws, or the worker is lost.
   */
  run(message: RunMessage, timeoutMs: number): Promise<TryOutcome> {
    if (this.state !== 'idle' && this.state !== 'running')
      return Promise.resolve({
        kind: 'worker-lost',
        message: `worker ${this.options.workerIndex} was not ready for a mini-batch (${this.state})`,
      });
    this.state = 'running';
    return new Promise((resolve) => {
      const pending: PendingRun = { message, timeoutMs, resolve };
      this.pendingRuns.push(pending);
      if (this.pendingRuns.length === 1) this.startTimer(pending);
      this.channel?.write(encodeMessage(message));
    });
  }

  /** The try is now the one the worker runs: its run_invocation_timeout starts. */
  private startTimer(pending: PendingRun): void {
    pending.timer = setTimeout(
      () => {
        if (this.pendingRuns[0] !== pending) return;
        pending.stoppedBecause =
          `run() did not return within run_invocation_timeout (${pending.timeoutMs / 1000} s); ` +
          `worker ${this.options.workerIndex} was stopped and replaced`;
        void this.kill();
      },
      Math.min(pending.timeoutMs, MAX_TIMER_DELAY_MS),
    );
  }

  /** Stops the whole process tree (SIGTERM, then SIGKILL); resolves once it is gone. */
  async kill(): Promise<void> {
    if (this.state === 'gone') return;
    this.lostBecause ??= 'was stopped by the parent';
    await killProcessTree(this.child);
    await this.gone;
  }

  /**
   * Asks the worker to exit by closing its channel, and stops its tree if it has not exited
   * within `graceMs`. Either way nothing of its group is left running.
   */
  async shutdown(graceMs: number): Promise<void> {
    if (this.state === 'gone') return;
    this.lostBecause ??= 'was shut down by the parent';
    this.channel?.end();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.gone, new Promise((wake) => (timer = setTimeout(wake, graceMs)))]);
    clearTimeout(timer);
    await this.kill();
  }

  /** A message line; gives how many bytes of result lines follow it. */
  private receive(line: string): number {
    const message = parseWorkerMessage(line);
    if (message.kind === 'protocol-violation') {
      this.breakProtocol(message.reason);
      return 0;
    }
    if (message.kind === 'run-succeeded' && (message.lineBytes ?? 0) > 0 && this.state !== 'gone') {
      this.awaitingLines = message;
      return message.lineBytes ?? 0;
    }
    this.handle(message, null);
    return 0;
  }

  private linesArrived(lines: readonly Buffer[]): void {
    const message = this.awaitingLines;
    this.awaitingLines = undefined;
    if (message !== undefined) this.handle(message, lines);
  }

  /** @param lines the result lines that followed a run-succeeded message, if any. */
  private handle(message: WorkerMessage, lines: readonly Buffer[] | null): void {
    switch (message.kind) {
      case 'ready':
        if (this.state !== 'starting') return this.breakProtocol('ready sent twice');
        this.state = 'idle';
        this.resolveStarted({ kind: 'ready' });
        return;
      case 'init-failed':
        if (this.state !== 'starting') return this.breakProtocol('init-failed after ready');
        this.resolveStarted({ kind: 'init-failed', message: message.message });
        this.lostBecause = 'failed in init()';
        void this.kill();
        return;
      case 'run-succeeded':
      case 'run-failed': {
        const pending = this.pendingRuns[0];
        if (
          this.state !== 'running' ||
          pending === undefined ||
          pending.stoppedBecause !== undefined ||
          pending.message.miniBatch.index !== message.miniBatchIndex ||
          pending.message.attempt !== message.attempt
        )
          return this.breakProtocol(
            `unexpected ${message.kind} for mini-batch ${message.miniBatchIndex}`,
          );
        clearTimeout(pending.timer);
        this.pendingRuns.shift();
        const next = this.pendingRuns[0];
        if (next === undefined) this.state = 'idle';
        else this.startTimer(next);
        pending.resolve(
          message.kind === 'run-succeeded'
            ? {
                kind: 'succeeded',
                resultCount: message.resultCount,
                lines: linesOf(message, lines),
              }
            : { kind: 'threw', message: message.message },
        );
        return;
      }
    }
  }

  private breakProtocol(reason: string): void {
    this.lostBecause ??= `broke the protocol (${reason})`;
    const running = this.pendingRuns[0];
    if (running !== undefined)
      running.stoppedBecause ??= `worker ${this.options.workerIndex} broke the protocol (${reason}) and was stopped`;
    void this.kill();
  }

  /** The worker is gone: settle whatever waited on it. Runs once. */
  private finish(spawnFailure?: { kind: 'spawn-failed'; message: string }): void {
    if (this.state === 'gone') return;
    const wasStarting = this.state === 'starting';
    this.state = 'gone';
    clearTimeout(this.closeTimer);
    this.channel?.destroy();
    // A descendant that left the group may hold stdout open: stop reading it, or gone never comes.
    if (this.child.stdout?.readableEnded === false) {
      this.child.stdout.destroy();
      this.stdoutLog?.end();
    }
    const how = this.describeExit();
    if (wasStarting)
      this.resolveStarted(
        spawnFailure ?? {
          kind: 'lost',
          message:
            `worker ${this.options.workerIndex} ${how} before init() returned; its output is ` +
            `in worker-${this.options.workerIndex}.txt`,
        },
      );
    const [running, ...waiting] = this.pendingRuns.splice(0);
    if (running !== undefined) {
      clearTimeout(running.timer);
      running.resolve({
        kind: 'worker-lost',
        message:
          running.stoppedBecause ??
          `worker ${this.options.workerIndex} ${how} during run(); its output is in ` +
            `worker-${this.options.workerIndex}.txt`,
      });
    }
    for (const pending of waiting) pending.resolve({ kind: 'not-started' });
    this.resolveExited();
  }

  private describeExit(): string {
    if (this.lostBecause !== undefined) return this.lostBecause;
    if (this.exit === undefined) return 'was lost';
    return this.exit.signal !== null
      ? `was killed by ${this.exit.signal}`
      : `exited with code ${this.exit.code}`;
  }
}

type RunSucceeded = Extract<WorkerMessage, { kind: 'run-succeeded' }>;

/** The lines a Node worker formatted, or the values a Python worker sent, formatted here. */
function linesOf(message: RunSucceeded, lines: readonly Buffer[] | null): readonly Buffer[] | null {
  if (message.lineBytes !== undefined) return lines ?? [];
  return message.results === null ? null : [Buffer.from(formatResultLines(message.results))];
}
