// CSV in and out for the segmentation steps, and the step protocol's metric and tag lines.
import { readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';

/** Rows of a CSV file with a header, as objects of strings. */
export function readCsvFile(path) {
  return parse(readFileSync(path), { columns: true, skip_empty_lines: true, bom: true });
}

/** Writes objects as CSV, the columns in the order of the first object's keys. */
export function writeCsvFile(path, rows) {
  writeFileSync(path, stringify(rows, { header: true }));
}

/** A `##millrace` protocol line: the workspace records it as a metric or a tag of the step. */
export function report(record) {
  console.log(`##millrace ${JSON.stringify(record)}`);
}

/** Fails the step with a message that says what to change. */
export function fail(message) {
  console.error(message);
  process.exit(1);
}
