/**
 * The Node worker process of a parallel step: `node node-worker.js <entry script> [arguments…]`,
 * started by the parent with a socket on fd 3 (see `worker-protocol.ts`). It loads the entry
 * script, calls its `init()` once, then `run(miniBatch, context)` for each mini-batch the parent
 * sends, reading and parsing a table slice itself so that rows never pass through the parent.
 * stdout and stderr belong to the entry script (the parent sends them to the worker's log).
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { Socket } from 'node:net';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { splitLines } from '../line-splitter.js';
import type { TableMiniBatch } from '../mini-batch.js';
import { formatResultsAsSent } from '../result-row-format.js';
import { parseTableSlice } from '../table-slice-parser.js';
import {
  encodeMessage,
  parseParentMessage,
  type RunMessage,
  type WorkerMessage,
} from '../worker-protocol.js';

const CHANNEL_FD = 3;
/** Stack frames kept in an error message; the log of the worker has the script's own output. */
const MAX_STACK_FRAMES = 8;
const HARNESS_FILE = fileURLToPath(import.meta.url);

type EntryFunction = (...args: unknown[]) => unknown;

export interface RunContext {
  readonly miniBatchIndex: number;
  readonly attempt: number;
  readonly workerIndex: number;
  readonly programArguments: readonly string[];
}

const [entryScript, ...programArguments] = process.argv.slice(2);

async function main(): Promise<void> {
  if (entryScript === undefined) {
    process.stderr.write('usage: node-worker <entry script> [arguments…] (fd 3: the channel)\n');
    process.exit(2);
  }
  // The script sees its own argv, as if started with `node <entry script> [arguments…]`.
  process.argv = [process.execPath, entryScript, ...programArguments];
  const channel = new Socket({ fd: CHANNEL_FD, readable: true, writable: true });
  const write = (data: string | Buffer): Promise<void> =>
    new Promise((resolve, reject) => {
      channel.write(data, (error) => (error ? reject(error) : resolve()));
    });
  const send = async (reply: Reply): Promise<void> => {
    if (reply.payload === undefined) return write(reply.message);
    // Written back to back, they leave in order.
    await Promise.all([write(reply.message), write(reply.payload)]);
  };
  const sendMessage = (message: WorkerMessage): Promise<void> =>
    send({ message: encodeMessage(message) });

  let run: EntryFunction;
  try {
    const entryPoints = await loadEntryPoints(entryScript);
    run = entryPoints.run;
    await entryPoints.init?.();
  } catch (error) {
    await sendMessage({ kind: 'init-failed', message: describeError(error) });
    process.exit(1);
  }
  await sendMessage({ kind: 'ready', pid: process.pid });

  channel.setEncoding('utf8');
  const lines: string[] = [];
  const split = splitLines((line) => lines.push(line));
  for await (const chunk of channel) {
    split(chunk as string);
    for (const line of lines.splice(0)) {
      const message = parseParentMessage(line);
      if (message.kind === 'protocol-violation') {
        process.stderr.write(`node-worker: invalid message from the parent: ${message.reason}\n`);
        process.exit(70);
      }
      // Not awaited: the next mini-batch starts while the parent reads this one's results, instead
      // of waiting for the channel to take them all. The parent sends at most
      // MINI_BATCHES_PER_WORKER mini-batches at a time, so at most that many replies wait here.
      // A channel that fails means the parent is gone, and so is the point of going on.
      send(await runMiniBatch(run, message)).catch(() => process.exit(70));
    }
  }
  // The parent closed the channel: the step is over for this worker.
  process.exit(0);
}

async function loadEntryPoints(
  path: string,
): Promise<{ init: EntryFunction | undefined; run: EntryFunction }> {
  const loaded = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  // A CommonJS script's module.exports arrives as `default`; an ES module may export an object.
  const fallback =
    typeof loaded.default === 'object' && loaded.default !== null
      ? (loaded.default as Record<string, unknown>)
      : {};
  const pick = (name: string): EntryFunction | undefined => {
    const value = typeof loaded[name] === 'function' ? loaded[name] : fallback[name];
    return typeof value === 'function' ? (value as EntryFunction) : undefined;
  };
  const run = pick('run');
  if (run === undefined) throw new Error(`${path} exports no run() function`);
  return { init: pick('init'), run };
}

/** A message, encoded, and the raw bytes that follow it on the channel, if any. */
interface Reply {
  readonly message: string;
  readonly payload?: Buffer;
}

/**
 * The reply to one run message. The results go as their append_row lines, in bytes after the
 * message, so that neither side turns them into JSON and back.
 */
async function runMiniBatch(run: EntryFunction, message: RunMessage): Promise<Reply> {
  const { miniBatch, attempt, workerIndex, sendResults } = message;
  const miniBatchIndex = miniBatch.index;
  const context: RunContext = { miniBatchIndex, attempt, workerIndex, programArguments };
  try {
    const items = miniBatch.kind === 'files' ? [...miniBatch.paths] : readRows(miniBatch);
    const results = await run(items, context);
    if (!Array.isArray(results))
      throw new TypeError(`run() must return an array of results, not ${describeValue(results)}`);
    // Results that JSON cannot carry throw here: they fail this try, not the worker.
    const payload = sendResults
      ? Buffer.from(formatResultsAsSent(results as unknown[]), 'utf8')
      : undefined;
    return {
      message: encodeMessage({
        kind: 'run-succeeded',
        miniBatchIndex,
        attempt,
        resultCount: results.length,
        results: null,
        ...(payload === undefined ? {} : { lineBytes: payload.length }),
      }),
      ...(payload === undefined || payload.length === 0 ? {} : { payload }),
    };
  } catch (error) {
    return {
      message: encodeMessage({
        kind: 'run-failed',
        miniBatchIndex,
        attempt,
        message: describeError(error),
      }),
    };
  }
}

/**
 * The bytes of the last table slice, reused (and grown when a slice is larger): a fresh buffer
 * per mini-batch would stay in memory until the next garbage collection.
 */
let sliceBuffer = Buffer.alloc(0);
/** The table file the last slice came from, kept open: mini-batches mostly share one file. */
let openTable: { readonly path: string; readonly fd: number } | undefined;

/**
 * Reads and parses a table slice. Synchronously: the worker has nothing else to do meanwhile,
 * and one read call per mini-batch beats an open, a read and a close through the thread pool.
 */
function readRows(miniBatch: TableMiniBatch): unknown[] {
  const length = miniBatch.end - miniBatch.start;
  if (sliceBuffer.length < length) sliceBuffer = Buffer.allocUnsafe(length);
  if (openTable?.path !== miniBatch.file) {
    if (openTable !== undefined) closeSync(openTable.fd);
    openTable = undefined;
    openTable = { path: miniBatch.file, fd: openSync(miniBatch.file, 'r') };
  }
  let filled = 0;
  while (filled < length) {
    const bytesRead = readSync(
      openTable.fd,
      sliceBuffer,
      filled,
      length - filled,
      miniBatch.start + filled,
    );
    if (bytesRead === 0)
      throw new Error(`${miniBatch.file} is shorter than when it was partitioned`);
    filled += bytesRead;
  }
  return parseTableSlice(
    sliceBuffer.toString('utf8', 0, length),
    miniBatch.format,
    miniBatch.columns,
    miniBatch.rowCount,
  );
}

/** The message and the top of the stack, without this harness's frames. */
function describeError(error: unknown): string {
  if (!(error instanceof Error) || error.stack === undefined) return describeValue(error);
  const lines = error.stack.split('\n');
  const isFrame = (line: string): boolean => /^\s+at /.test(line);
  const head = lines.filter((line) => !isFrame(line));
  const frames = lines
    .filter(isFrame)
    .filter((line) => !line.includes(HARNESS_FILE) && !line.includes('node:internal'))
    .slice(0, MAX_STACK_FRAMES);
  return [...head, ...frames].join('\n');
}

function describeValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return 'undefined';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

await main();
