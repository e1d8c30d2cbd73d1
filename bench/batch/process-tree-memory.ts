/**
 * Peak memory of this process and of every process it starts while sampling (a parallel step's
 * workers, the command steps, whatever they start), read from Linux's /proc every
 * `intervalMs` (Default: 100): this process's VmRSS, and each descendant's VmHWM (its own peak
 * resident set, kept by the kernel, so a short spike between samples is not missed as long as
 * the process is seen once before it exits). Linux only.
 *
 * RSS counts every page a process maps, so the pages of the `node` binary and its libraries,
 * which all the processes share, count once per process in a sum of RSS. Each sample also reads
 * every descendant's PSS (proportional set size, /proc/<pid>/smaps_rollup: a page shared by N
 * processes counts 1/N in each), whose sum over the tree at one instant is the memory the tree
 * really holds then; the kernel keeps no peak of it, so it is the highest sum sampled.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

export interface ProcessPeak {
  readonly pid: number;
  /** `worker 0`, `worker 1` (parallel step workers, by MILLRACE_WORKER_INDEX) or the command. */
  readonly label: string;
  /** The peak resident set in bytes (VmHWM at the last sample that saw the process). */
  readonly peakBytes: number;
  /** The highest PSS sampled, in bytes. */
  readonly peakPssBytes: number;
}

export interface MemoryPeaks {
  /** This process: the highest VmRSS sampled. */
  readonly selfPeakBytes: number;
  /** Every descendant seen, in order of first sight. */
  readonly descendants: readonly ProcessPeak[];
  /** The highest sum of every descendant's PSS at one sample. */
  readonly peakTreePssBytes: number;
  readonly samples: number;
}

interface Seen {
  label: string;
  peakBytes: number;
  peakPssBytes: number;
}

export class ProcessTreeMemory {
  private readonly seen = new Map<number, Seen>();
  private selfPeakBytes = 0;
  private peakTreePssBytes = 0;
  private samples = 0;
  private readonly timer: NodeJS.Timeout;

  /** Starts sampling at once. */
  constructor(intervalMs = 100) {
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
  }

  stop(): MemoryPeaks {
    clearInterval(this.timer);
    this.sample();
    return {
      selfPeakBytes: this.selfPeakBytes,
      descendants: [...this.seen].map(([pid, seen]) => ({ pid, ...seen })),
      peakTreePssBytes: this.peakTreePssBytes,
      samples: this.samples,
    };
  }

  private sample(): void {
    this.samples += 1;
    const own = readStatus(process.pid);
    if (own !== undefined) this.selfPeakBytes = Math.max(this.selfPeakBytes, own.rssBytes);
    let treePssBytes = 0;
    for (const pid of descendantsOf(process.pid)) {
      const status = readStatus(pid);
      if (status === undefined) continue; // gone in between
      const pssBytes = readPssBytes(pid);
      treePssBytes += pssBytes;
      const known = this.seen.get(pid);
      if (known !== undefined) {
        known.peakBytes = Math.max(known.peakBytes, status.hwmBytes);
        known.peakPssBytes = Math.max(known.peakPssBytes, pssBytes);
      } else {
        this.seen.set(pid, {
          label: labelOf(pid),
          peakBytes: status.hwmBytes,
          peakPssBytes: pssBytes,
        });
      }
    }
    this.peakTreePssBytes = Math.max(this.peakTreePssBytes, treePssBytes);
  }
}

/**
 * Every descendant of `root`, from the kernel's list of the children each
 * process's main thread started (/proc/<pid>/task/<pid>/children; Node and shells start their
 * children from the main thread): one small read per process, not a scan of every process.
 * Synchronous: /proc answers from memory, and a trip through the thread pool per file would cost
 * the process being measured more than the reads themselves.
 */
function descendantsOf(root: number): Set<number> {
  const found = new Set<number>();
  let frontier = [root];
  while (frontier.length > 0) {
    const next: number[] = [];
    for (const parent of frontier) {
      for (const child of readProc(`/proc/${parent}/task/${parent}/children`).split(' ')) {
        if (child === '' || found.has(Number(child))) continue;
        found.add(Number(child));
        next.push(Number(child));
      }
    }
    frontier = next;
  }
  return found;
}

function readProc(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return ''; // the process is gone
  }
}

function readStatus(
  pid: number,
): { readonly rssBytes: number; readonly hwmBytes: number } | undefined {
  const text = readProc(`/proc/${pid}/status`);
  if (text === '') return undefined;
  const kib = (field: string): number =>
    Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? 0);
  return { rssBytes: kib('VmRSS') * 1024, hwmBytes: kib('VmHWM') * 1024 };
}

/** The process's proportional set size (0 once it is gone). */
function readPssBytes(pid: number): number {
  const kib = /^Pss:\s+(\d+) kB/m.exec(readProc(`/proc/${pid}/smaps_rollup`))?.[1];
  return Number(kib ?? 0) * 1024;
}

function labelOf(pid: number): string {
  const argv = readProc(`/proc/${pid}/cmdline`)
    .split('\0')
    .filter((part) => part !== '');
  if (argv.some((part) => part.includes('node-worker'))) {
    const environ = readProc(`/proc/${pid}/environ`);
    const index = /(?:^|\0)MILLRACE_WORKER_INDEX=(\d+)/.exec(environ)?.[1];
    return `worker ${index ?? '?'}`;
  }
  const program = basename(argv[0] ?? '?');
  if (argv[1] === '-c') return `${program} -c ${(argv[2] ?? '').split(' ').slice(0, 2).join(' ')}`;
  const script = argv.slice(1).find((part) => !part.startsWith('-') && !part.startsWith('file:'));
  return script === undefined ? program : `${program} ${basename(script)}`;
}
