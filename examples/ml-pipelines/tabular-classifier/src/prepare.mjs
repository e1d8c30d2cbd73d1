// Step 1, prepare: reads the data set's CSV, picks the label, id and feature columns from the
// parameters, types each feature (numeric when every present cell is a number, else categorical),
// counts missing cells and turns the label into 1 (the positive class) or 0. Writes schema.json
// and rows.jsonl ({ id, label, values: the raw cells of the features }); imputing and encoding
// are fitted later, on the training rows only (train.mjs).
import { createReadStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse';
import { isMissing, parseNumber } from './tabular-model.mjs';
import {
  listOption,
  metric,
  required,
  runStep,
  StepInputError,
  stepOptions,
  tag,
  writeJsonLines,
} from './step-io.mjs';

runStep(async () => {
  const options = stepOptions([
    'data',
    'label',
    'positive-class',
    'id-column',
    'features',
    'exclude',
    'out',
  ]);
  const dataFile = required(options, 'data');
  const labelColumn = required(options, 'label');
  const positiveClass = required(options, 'positive-class');
  const idColumn = options['id-column'];
  const out = required(options, 'out');

  const records = createReadStream(dataFile).pipe(
    parse({ bom: true, skip_empty_lines: true, relax_column_count: true }),
  );
  let header;
  const rows = [];
  let dropped = 0;
  let features;
  let labelIndex;
  let idIndex;
  let featureIndexes;
  for await (const record of records) {
    if (header === undefined) {
      header = record.map((name) => name.trim());
      ({ features, labelIndex, idIndex } = chooseColumns(header, {
        labelColumn,
        idColumn,
        features: listOption(options, 'features'),
        exclude: listOption(options, 'exclude'),
      }));
      featureIndexes = features.map((name) => header.indexOf(name));
      continue;
    }
    const label = record[labelIndex];
    if (isMissing(label)) {
      dropped += 1; // a row without a label can neither train nor test
      continue;
    }
    rows.push({
      id: idIndex === -1 ? String(rows.length + dropped + 1) : (record[idIndex] ?? ''),
      label: String(label).trim() === positiveClass ? 1 : 0,
      labelValue: String(label).trim(),
      values: featureIndexes.map((index) => record[index] ?? ''),
    });
  }
  if (header === undefined) throw new StepInputError(`${dataFile} is empty: no header row.`);

  const classes = [...new Set(rows.map((row) => row.labelValue))].sort();
  const positives = rows.filter((row) => row.label === 1).length;
  if (positives === 0 || positives === rows.length) {
    throw new StepInputError(
      `The label column "${labelColumn}" must hold the positive class "${positiveClass}" and at least one other value; it holds ${JSON.stringify(classes.slice(0, 20))}. Set the positive_class parameter to one of them.`,
    );
  }
  const negatives = classes.filter((value) => value !== positiveClass);
  const negativeClass = negatives.length === 1 ? negatives[0] : `not ${positiveClass}`;

  let missingCells = 0;
  const typed = features.map((name, column) => {
    let missing = 0;
    let numeric = true;
    const distinct = new Set();
    for (const row of rows) {
      const raw = row.values[column];
      if (isMissing(raw)) {
        missing += 1;
        continue;
      }
      if (distinct.size <= 1000) distinct.add(String(raw).trim());
      if (numeric && Number.isNaN(parseNumber(raw))) numeric = false;
    }
    missingCells += missing;
    return {
      name,
      kind: numeric && missing < rows.length ? 'numeric' : 'categorical',
      missing,
      distinct: distinct.size > 1000 ? '>1000' : distinct.size,
    };
  });

  const schema = {
    source: dataFile.split(/[\\/]/).pop(),
    label: { column: labelColumn, positiveClass, negativeClass, classes },
    idColumn,
    features: typed,
    rows: rows.length,
    positives,
  };
  await mkdir(out, { recursive: true });
  await writeFile(join(out, 'schema.json'), `${JSON.stringify(schema, null, 2)}\n`);
  await writeJsonLines(
    join(out, 'rows.jsonl'),
    rows.map(({ id, label, values }) => ({ id, label, values })),
  );

  metric('rows', rows.length);
  metric('dropped_rows', dropped);
  metric('positives', positives);
  metric('positive_rate', positives / rows.length);
  metric('numeric_features', typed.filter((feature) => feature.kind === 'numeric').length);
  metric('categorical_features', typed.filter((feature) => feature.kind === 'categorical').length);
  metric('missing_cells', missingCells);
  tag('label', `${labelColumn}=${positiveClass}`);
  console.log(
    `prepared ${rows.length} rows of ${schema.source}: ${features.length} features (${typed
      .map((feature) => `${feature.name}:${feature.kind}`)
      .join(', ')}), ${positives} ${positiveClass}, ${dropped} rows without a label dropped`,
  );
});

/** The feature columns: the `features` list, or every column but the label, id and `exclude`. */
function chooseColumns(header, { labelColumn, idColumn, features, exclude }) {
  const known = (name, what) => {
    if (!header.includes(name)) {
      throw new StepInputError(
        `The ${what} "${name}" is not a column of the data; its columns are ${header.join(', ')}.`,
      );
    }
  };
  known(labelColumn, 'label column');
  if (idColumn !== '') known(idColumn, 'id column');
  for (const name of [...features, ...exclude]) known(name, 'feature');
  const chosen = (features.length > 0 ? features : header).filter(
    (name) => name !== labelColumn && name !== idColumn && !exclude.includes(name),
  );
  if (chosen.length === 0) {
    throw new StepInputError(
      'No feature columns are left: check the features and exclude parameters.',
    );
  }
  return {
    features: chosen,
    labelIndex: header.indexOf(labelColumn),
    idIndex: idColumn === '' ? -1 : header.indexOf(idColumn),
  };
}
