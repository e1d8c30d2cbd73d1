// Step 5, register: saves the model with its metrics as a version of a named model,
// `<registry>/<model name>/<version>/` (model.json, metrics.json), and points
// `<registry>/<model name>/latest.json` at it. The version is the model_version parameter, or,
// when that is empty, the run's time and id (`20250102T030405Z-1a2b3c4d`), so every training
// run adds a version and earlier ones stay loadable.
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MODEL_FILE } from './tabular-model.mjs';
import { metric, required, runStep, StepInputError, stepOptions, tag } from './step-io.mjs';

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

runStep(async () => {
  const options = stepOptions([
    'model',
    'evaluation',
    'model-name',
    'model-version',
    'registry-path',
    'out',
  ]);
  const modelFolder = required(options, 'model');
  const evaluation = required(options, 'evaluation');
  const name = required(options, 'model-name');
  const registryPath = required(options, 'registry-path');
  const out = required(options, 'out');
  const registeredAt = new Date();
  const runId = process.env.MILLRACE_RUN_ID ?? 'local';
  const version =
    options['model-version'] !== ''
      ? options['model-version']
      : `${registeredAt.toISOString().replace(/[-:]|\.\d+/g, '')}-${runId.replace(/-/g, '').slice(0, 8)}`;
  for (const [what, value] of [
    ['model_name', name],
    ['model_version', version],
  ]) {
    if (!NAME.test(value) || value === 'latest') {
      throw new StepInputError(
        `The ${what} "${value}" must be 1 to 100 letters, digits, ".", "_" or "-", starting with a letter or digit (and not "latest").`,
      );
    }
  }

  const report = JSON.parse(await readFile(join(evaluation, 'metrics.json'), 'utf8'));
  const versionFolder = join(out, name, version);
  await mkdir(versionFolder, { recursive: true });
  await copyFile(join(modelFolder, MODEL_FILE), join(versionFolder, MODEL_FILE));
  await copyFile(join(evaluation, 'metrics.json'), join(versionFolder, 'metrics.json'));
  const path = `${registryPath}/${name}/${version}`;
  const pointer = {
    name,
    version,
    path,
    registeredAt: registeredAt.toISOString(),
    runId,
    algorithm: report.model.algorithm,
    label: report.model.label,
    metrics: report.metrics,
  };
  await writeFile(
    join(versionFolder, 'registration.json'),
    `${JSON.stringify(pointer, null, 2)}\n`,
  );
  await writeFile(join(out, name, 'latest.json'), `${JSON.stringify(pointer, null, 2)}\n`);

  // The registered model's identity and headline metrics, for whoever reads this step's metrics
  // (a factory pipeline reads them from the activity's output: the last step run).
  metric('model_name', name);
  metric('model_version', version);
  metric('model_path', path);
  for (const key of ['roc_auc', 'precision', 'recall', 'f1', 'brier_score', 'threshold']) {
    const value = report.metrics[key];
    if (typeof value === 'number') metric(key, Number(value.toFixed(6)));
  }
  tag('model_name', name);
  tag('model_version', version);
  console.log(`registered ${name} version ${version} at ${path}`);
});
