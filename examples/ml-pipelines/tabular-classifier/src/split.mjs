// Step 2, split: a stratified, seeded train/test split. Each class is shuffled on its own and
// the same fraction of it goes to the test rows, so both sides keep the data set's class balance
// (a 5 % positive class stays 5 % in each), and the same seed gives the same split.
import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { seededRandom, shuffle } from './seeded-random.mjs';
import {
  metric,
  numberOption,
  readJsonLines,
  required,
  runStep,
  StepInputError,
  stepOptions,
  writeJsonLines,
} from './step-io.mjs';

runStep(async () => {
  const options = stepOptions(['prepared', 'test-fraction', 'seed', 'out']);
  const prepared = required(options, 'prepared');
  const testFraction = numberOption(options, 'test-fraction', { min: 0.01, max: 0.99 });
  const seed = numberOption(options, 'seed', { integer: true });
  const out = required(options, 'out');

  const rows = await readJsonLines(join(prepared, 'rows.jsonl'));
  const random = seededRandom(seed);
  const train = [];
  const test = [];
  for (const label of [0, 1]) {
    const members = shuffle(
      rows.filter((row) => row.label === label),
      random,
    );
    const testCount = Math.round(members.length * testFraction);
    if (testCount === 0 || testCount === members.length) {
      throw new StepInputError(
        `A test fraction of ${testFraction} leaves no ${label === 1 ? 'positive' : 'negative'} rows on one side (${members.length} in all); change test_fraction or add rows.`,
      );
    }
    test.push(...members.slice(0, testCount));
    train.push(...members.slice(testCount));
  }
  // Back to file order, so the files read like the data set.
  const position = new Map(rows.map((row, index) => [row, index]));
  const byPosition = (a, b) => position.get(a) - position.get(b);
  train.sort(byPosition);
  test.sort(byPosition);

  await mkdir(out, { recursive: true });
  await copyFile(join(prepared, 'schema.json'), join(out, 'schema.json'));
  await writeJsonLines(join(out, 'train.jsonl'), train);
  await writeJsonLines(join(out, 'test.jsonl'), test);

  const rate = (part) => part.filter((row) => row.label === 1).length / part.length;
  metric('train_rows', train.length);
  metric('test_rows', test.length);
  metric('train_positive_rate', rate(train));
  metric('test_positive_rate', rate(test));
  console.log(
    `split ${rows.length} rows: ${train.length} train, ${test.length} test (seed ${seed})`,
  );
});
