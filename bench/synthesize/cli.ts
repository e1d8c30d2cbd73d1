/**
 * `npx tsx bench/synthesize/cli.ts --in <real.csv> --label <column> --rows <n> --out <file.csv>
 * [--seed <n>]`: a benchmark-sized copy of a real data set. Generated files are never committed.
 */
import { parseArgs } from 'node:util';
import { synthesizeCsv } from './synthesize-csv.js';

const { values } = parseArgs({
  options: {
    in: { type: 'string' },
    out: { type: 'string' },
    label: { type: 'string' },
    rows: { type: 'string' },
    seed: { type: 'string', default: '1' },
  },
});
const rows = Number(values.rows);
if (!values.in || !values.out || !values.label || !Number.isInteger(rows) || rows < 1) {
  process.stderr.write(
    'usage: tsx bench/synthesize/cli.ts --in real.csv --label Class --rows 1000000 --out big.csv [--seed 1]\n',
  );
  process.exitCode = 2;
} else {
  const started = Date.now();
  const written = await synthesizeCsv(values.in, values.out, {
    label: values.label,
    rows,
    seed: Number(values.seed),
  });
  process.stdout.write(
    `wrote ${written.rows.toLocaleString('en')} rows (${(written.bytes / 1e6).toFixed(1)} MB) to ${values.out} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
  );
}
