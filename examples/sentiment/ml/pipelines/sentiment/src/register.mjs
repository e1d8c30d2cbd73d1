// Step "register": saves the chosen model as the next numbered version of the model registry, a
// datastore folder (model-registry.mjs), with its metrics, so scoring can run without training.
// A model identical to a saved version (same model.json bytes) is not saved again: the step
// reports that version instead, so rerunning an unchanged training adds nothing.
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { listVersions, METRICS_FILE, sha256 } from './model-registry.mjs';
import { MODEL_FILE } from './sentiment-models.mjs';
import { metric, tag } from './step-io.mjs';

const { values } = parseArgs({
  options: {
    chosen: { type: 'string' },
    registry: { type: 'string' },
    label: { type: 'string', default: '' },
    out: { type: 'string' },
  },
});
const model = await readFile(join(values.chosen, MODEL_FILE));
const modelSha256 = sha256(model);
const versions = await listVersions(values.registry);

let version;
for (const saved of versions) {
  if (sha256(await readFile(join(values.registry, String(saved), MODEL_FILE))) === modelSha256)
    version = saved;
}
const isNew = version === undefined;
if (isNew) {
  version = (versions.at(-1) ?? 0) + 1;
  const folder = join(values.out, String(version));
  await mkdir(folder, { recursive: true });
  await copyFile(join(values.chosen, MODEL_FILE), join(folder, MODEL_FILE));
  const comparison = JSON.parse(await readFile(join(values.chosen, METRICS_FILE), 'utf8'));
  const provenance = {
    version,
    registeredAt: new Date().toISOString(),
    runId: process.env.MILLRACE_RUN_ID ?? null,
    runLabel: values.label,
    modelSha256,
  };
  await writeFile(
    join(folder, METRICS_FILE),
    `${JSON.stringify({ ...provenance, ...comparison }, null, 2)}\n`,
  );
}
metric('model_version', version);
metric('new_version', isNew);
tag('model_version', version);
console.log(
  isNew
    ? `saved the chosen model as version ${version}`
    : `the chosen model equals saved version ${version}: nothing saved`,
);
