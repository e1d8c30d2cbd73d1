// Step 1: reads the loans CSV, types the columns, fills missing values with the median and
// derives the ratios the scorecard uses; writes one JSON object per loan.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { readCsv, report } from './csv.mjs';

const { values } = parseArgs({ options: { loans: { type: 'string' }, out: { type: 'string' } } });
const loans = readCsv(readFileSync(values.loans, 'utf8'));

const NUMERIC = [
  'funded_amnt',
  'int_rate',
  'annual_inc',
  'revol_util',
  'delinq_2yrs',
  'inq_last_6mths',
  'all_util',
  'inq_last_12m',
];
const medians = Object.fromEntries(
  NUMERIC.map((name) => {
    const known = loans
      .map((loan) => Number.parseFloat(loan[name]))
      .filter(Number.isFinite)
      .sort((a, b) => a - b);
    return [name, known[Math.floor(known.length / 2)] ?? 0];
  }),
);

let filled = 0;
const prepared = loans.map((loan, index) => {
  const number = (name) => {
    const parsed = Number.parseFloat(loan[name]);
    if (Number.isFinite(parsed)) return parsed;
    filled += 1;
    return medians[name];
  };
  return {
    id: index + 1,
    int_rate: number('int_rate'),
    loan_to_income: number('funded_amnt') / Math.max(number('annual_inc'), 1),
    revol_util: number('revol_util'),
    all_util: number('all_util'),
    delinq_2yrs: number('delinq_2yrs'),
    inquiries: number('inq_last_6mths') + number('inq_last_12m'),
    long_term: loan.term === 'term_60' ? 1 : 0,
    verified: loan.verification_status === 'Not_Verified' ? 0 : 1,
    bad: loan.Class === 'bad' ? 1 : 0,
  };
});

mkdirSync(values.out, { recursive: true });
writeFileSync(
  join(values.out, 'loans.jsonl'),
  prepared.map((loan) => JSON.stringify(loan)).join('\n') + '\n',
);
report({ metric: 'rows', value: prepared.length });
report({ metric: 'filled_values', value: filled });
report({
  metric: 'bad_rate',
  value: prepared.filter((loan) => loan.bad === 1).length / Math.max(prepared.length, 1),
});
console.log(`prepared ${prepared.length} loans (${filled} missing values filled)`);
