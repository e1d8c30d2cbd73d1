// What every step shares: the step protocol's metric and tag lines, JSON Lines files, and the
// one way a step gives up (a message on stderr and exit code 1, which fails the step).
import { createReadStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';

/** A `##millrace` protocol line: the workspace records it as a metric or a tag of the step. */
export function report(record) {
  console.log(`##millrace ${JSON.stringify(record)}`);
}

export function metric(name, value) {
  report({ metric: name, value });
}

export function tag(name, value) {
  report({ tag: name, value: String(value) });
}

/** Every JSON value of a JSON Lines file (blank lines skipped), read line by line. */
export async function readJsonLines(file) {
  const records = [];
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  for await (const line of lines) if (line.trim() !== '') records.push(JSON.parse(line));
  return records;
}

export async function writeJsonLines(file, records) {
  await writeFile(file, records.map((record) => `${JSON.stringify(record)}\n`).join(''));
}

/** Ends the step as failed with a message that says what to change. */
export function fail(message) {
  console.error(message);
  process.exit(1);
}
