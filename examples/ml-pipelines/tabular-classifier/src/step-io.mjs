// What every step of the pipeline shares: its arguments, the step protocol, JSON Lines files,
// and failing with a message that says what to change.
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';

/** A `##millrace` protocol line: the workspace records it as a metric or a tag of the step. */
export function metric(name, value) {
  console.log(`##millrace ${JSON.stringify({ metric: name, value })}`);
}

export function tag(name, value) {
  console.log(`##millrace ${JSON.stringify({ tag: name, value: String(value) })}`);
}

/** A mistake in the parameters or the data: the message is the whole story, no stack. */
export class StepInputError extends Error {}

/** Runs a step's main function; a failure prints its message and exits 1. */
export function runStep(main) {
  main().catch((error) => {
    console.error(error instanceof StepInputError ? error.message : (error?.stack ?? error));
    process.exitCode = 1;
  });
}

/** The step's `--name value` options; every option is a string (`''` when not given). */
export function stepOptions(names) {
  const { values } = parseArgs({
    options: Object.fromEntries(names.map((name) => [name, { type: 'string', default: '' }])),
    allowPositionals: false,
  });
  return values;
}

export function required(values, name) {
  const value = values[name];
  if (value === undefined || value === '') throw new StepInputError(`--${name} is required.`);
  return value;
}

export function numberOption(values, name, { min = -Infinity, max = Infinity, integer = false }) {
  const value = Number(values[name]);
  if (
    values[name] === '' ||
    !Number.isFinite(value) ||
    value < min ||
    value > max ||
    (integer && !Number.isInteger(value))
  ) {
    const range = [
      integer ? 'an integer' : 'a number',
      min > -Infinity ? `≥ ${min}` : '',
      max < Infinity ? `≤ ${max}` : '',
    ]
      .filter(Boolean)
      .join(' ');
    throw new StepInputError(`--${name} must be ${range}, not "${values[name]}".`);
  }
  return value;
}

/** A comma-separated list, trimmed, without empty entries. */
export function listOption(values, name) {
  return values[name]
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
}

export async function readJsonLines(file) {
  const rows = [];
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  for await (const line of lines) if (line !== '') rows.push(JSON.parse(line));
  return rows;
}

export async function writeJsonLines(file, rows) {
  const out = createWriteStream(file);
  for (const row of rows) {
    if (!out.write(`${JSON.stringify(row)}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}
