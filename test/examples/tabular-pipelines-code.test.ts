/**
 * The step code the generic tabular pipelines share and the measures their evaluate step logs,
 * checked on their own (the example test runs them end to end through the CLI).
 */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const PIPELINES = new URL('../../examples/ml-pipelines/', import.meta.url);
const CLASSIFIER_SRC = new URL('tabular-classifier/src/', PIPELINES);

interface Decisions {
  readonly truePositives: number;
  readonly falsePositives: number;
  readonly trueNegatives: number;
  readonly falseNegatives: number;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
}

interface ClassificationMetrics {
  rocAuc(labels: number[], probabilities: number[]): number | null;
  atThreshold(labels: number[], probabilities: number[], threshold: number): Decisions;
  brierScore(labels: number[], probabilities: number[]): number;
  reliability(
    labels: number[],
    probabilities: number[],
    binCount?: number,
  ): {
    bins: { rows: number; meanProbability: number; positiveRate: number }[];
    expectedCalibrationError: number;
  };
}

interface TabularModel {
  isMissing(raw: unknown): boolean;
  parseNumber(raw: unknown): number;
  modelFromJson(saved: unknown): unknown;
  predictProbabilities(
    model: unknown,
    rows: readonly Record<string, unknown>[],
    get: (row: Record<string, unknown>, name: string) => unknown,
  ): number[];
}

// Plain .mjs step code without type declarations: imported by path, typed here.
const metricsModule = fileURLToPath(new URL('classification-metrics.mjs', CLASSIFIER_SRC));
const loadMetrics = async () => (await import(metricsModule)) as ClassificationMetrics;
const modelModule = fileURLToPath(new URL('tabular-model.mjs', CLASSIFIER_SRC));
const loadModelCode = async () => (await import(modelModule)) as TabularModel;

/** A saved logistic regression over one numeric column `x` and one categorical `c` (a, b). */
function savedLogisticRegression(weights: number[]) {
  return {
    format: 'millrace.tabular-classifier',
    formatVersion: 1,
    algorithm: 'logistic-regression',
    label: { positiveClass: 'bad', negativeClass: 'good' },
    encoder: {
      features: [
        { name: 'x', kind: 'numeric', fill: 1, center: 0.5, scale: 2, missingIndicator: true },
        { name: 'c', kind: 'categorical', levels: ['a', 'b'], otherLevels: 1 },
      ],
    },
    estimator: { name: 'LogisticRegression', classifiers: [{ weights: [weights] }] },
  };
}

/** Every (positive, negative) pair: 1 when the positive scores higher, ½ for a tie. */
function pairwiseAuc(labels: number[], probabilities: number[]): number {
  let wins = 0;
  let pairs = 0;
  labels.forEach((label, i) => {
    if (label !== 1) return;
    labels.forEach((other, j) => {
      if (other !== 0) return;
      pairs += 1;
      const [p, q] = [probabilities[i]!, probabilities[j]!];
      wins += p > q ? 1 : p === q ? 0.5 : 0;
    });
  });
  return wins / pairs;
}

describe('the tabular pipelines’ step code', () => {
  it('pins exact library versions for both pipelines', async () => {
    const { dependencies } = JSON.parse(
      await readFile(new URL('package.json', CLASSIFIER_SRC), 'utf8'),
    ) as { dependencies: Record<string, string> };
    for (const [name, version] of Object.entries(dependencies))
      expect(version, name).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('computes ROC AUC from ranks as the pairwise definition does, ties counting half', async () => {
    const { rocAuc } = await loadMetrics();
    let seed = 7;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (let round = 0; round < 20; round++) {
      const labels = Array.from({ length: 60 }, () => (random() < 0.3 ? 1 : 0));
      labels[0] = 1;
      labels[1] = 0;
      // Two decimals make ties frequent.
      const probabilities = labels.map(() => Math.round(random() * 20) / 20);
      expect(rocAuc(labels, probabilities)).toBeCloseTo(pairwiseAuc(labels, probabilities), 12);
    }
    expect(rocAuc([1, 1, 0], [0.9, 0.8, 0.1])).toBe(1);
    expect(rocAuc([1, 0], [0.5, 0.5])).toBe(0.5);
    expect(rocAuc([1, 1], [0.2, 0.4])).toBeNull();
  });

  it('counts decisions at the threshold (at or above is positive) and their rates', async () => {
    const { atThreshold } = await loadMetrics();
    const decisions = atThreshold([1, 1, 0, 0, 1], [0.9, 0.3, 0.3, 0.1, 0.2], 0.3);
    expect(decisions).toMatchObject({
      truePositives: 2,
      falsePositives: 1,
      trueNegatives: 1,
      falseNegatives: 1,
    });
    expect(decisions.precision).toBeCloseTo(2 / 3, 12);
    expect(decisions.recall).toBeCloseTo(2 / 3, 12);
    expect(decisions.f1).toBeCloseTo(2 / 3, 12);
  });

  it('reads a cell as missing or a number after trimming any whitespace', async () => {
    const { isMissing, parseNumber } = await loadModelCode();
    for (const missing of [undefined, null, '', '  ', 'NA', ' NULL ', '\u00a0None\t', 'nan'])
      expect([missing, isMissing(missing), parseNumber(missing)]).toEqual([missing, true, NaN]);
    expect(parseNumber(' 3.5 ')).toBe(3.5);
    expect(parseNumber('\u00a0-2\u2028')).toBe(-2);
    expect(parseNumber(7)).toBe(7);
    expect(parseNumber('12abc')).toBeNaN();
    expect(parseNumber('Infinity')).toBeNaN();
    expect(isMissing('NAN')).toBe(false);
  });

  it('scores a logistic regression as the sigmoid of its weights · the encoded row', async () => {
    const { modelFromJson, predictProbabilities } = await loadModelCode();
    const weights = [-1.25, 0.5, -0.75, 2, -3];
    const model = modelFromJson(savedLogisticRegression(weights));
    const rows = [
      { x: '3', c: 'b' },
      { x: 'NA', c: ' a ' },
      { x: ' 0.5', c: 'unseen' },
    ];
    // Intercept, (x or its fill 1 − 0.5) / 2, x missing, one-hot c: summed in this order.
    const encoded = [
      [1, 1.25, 0, 0, 1],
      [1, 0.25, 1, 1, 0],
      [1, 0, 0, 0, 0],
    ];
    const expected = encoded.map((row) => {
      let score = 0;
      for (const [index, value] of row.entries()) score += value * weights[index]!;
      return 1 / (1 + Math.exp(-score));
    });
    expect(predictProbabilities(model, rows, (row, name) => row[name])).toEqual(expected);
  });

  it('refuses a logistic regression whose weights do not fit its encoder', async () => {
    const { modelFromJson } = await loadModelCode();
    expect(() => modelFromJson(savedLogisticRegression([1, 2, 3]))).toThrow(
      /3 weights do not fit its encoder \(4 numbers and the intercept\)/,
    );
  });

  it('measures calibration: Brier score and reliability bins', async () => {
    const { brierScore, reliability } = await loadMetrics();
    expect(brierScore([1, 0], [0.8, 0.4])).toBeCloseTo((0.04 + 0.16) / 2, 12);
    const { bins, expectedCalibrationError } = reliability(
      [0, 0, 1, 1, 1],
      [0.05, 0.15, 0.95, 0.95, 1],
      2,
    );
    expect(bins).toEqual([
      { from: 0, to: 0.5, rows: 2, meanProbability: 0.1, positiveRate: 0 },
      { from: 0.5, to: 1, rows: 3, meanProbability: expect.closeTo(2.9 / 3, 12), positiveRate: 1 },
    ]);
    expect(expectedCalibrationError).toBeCloseTo((2 / 5) * 0.1 + (3 / 5) * (0.1 / 3), 12);
  });
});

interface ResolvedModel {
  folder: string;
  name: string;
  version: string;
}

interface ModelRegistry {
  resolveModelVersion(store: string, name: string, version: string): Promise<ResolvedModel>;
  resolveModelVersionOnce(
    pinFile: string,
    store: string,
    name: string,
    version: string,
  ): Promise<ResolvedModel>;
}
const registryModule = fileURLToPath(new URL('model-registry.mjs', CLASSIFIER_SRC));
const loadRegistry = async () => (await import(registryModule)) as ModelRegistry;

describe('the model store score.mjs loads from (model-registry.mjs)', () => {
  /** A store as register.mjs leaves it: loans v1 and v2, latest.json pointing at v1. */
  async function modelStore(): Promise<string> {
    const store = await mkdtemp(join(tmpdir(), 'millrace-models-'));
    for (const version of ['v1', 'v2']) {
      await mkdir(join(store, 'loans', version), { recursive: true });
      await writeFile(join(store, 'loans', version, 'model.json'), '{}');
      await writeFile(
        join(store, 'loans', version, 'registration.json'),
        JSON.stringify({ name: 'loans', version }),
      );
    }
    await writeFile(join(store, 'loans', 'latest.json'), JSON.stringify({ version: 'v1' }));
    return store;
  }

  it('finds a version by name and version, latest through latest.json, or a folder by path', async () => {
    const { resolveModelVersion } = await loadRegistry();
    const store = await modelStore();
    try {
      expect(await resolveModelVersion(store, 'loans', 'v2')).toEqual({
        folder: join(store, 'loans', 'v2'),
        name: 'loans',
        version: 'v2',
      });
      for (const latest of ['latest', ''])
        expect(await resolveModelVersion(store, 'loans', latest)).toMatchObject({ version: 'v1' });
      // A version folder given as the store is scored as it is, named by its registration.
      expect(await resolveModelVersion(join(store, 'loans', 'v2'), '', 'latest')).toEqual({
        folder: join(store, 'loans', 'v2'),
        name: 'loans',
        version: 'v2',
      });
    } finally {
      await rm(store, { recursive: true, force: true });
    }
  });

  it('gives every worker of a step the version the first one found, whatever latest.json says later', async () => {
    const { resolveModelVersionOnce } = await loadRegistry();
    const store = await modelStore();
    const pinFile = join(store, 'pinned.json');
    try {
      // Workers starting together all get one version.
      const together = await Promise.all(
        [1, 2, 3, 4].map(() => resolveModelVersionOnce(pinFile, store, 'loans', 'latest')),
      );
      expect(new Set(together.map((found) => found.version))).toEqual(new Set(['v1']));
      // A version registered while they start does not split them.
      await writeFile(join(store, 'loans', 'latest.json'), JSON.stringify({ version: 'v2' }));
      expect(await resolveModelVersionOnce(pinFile, store, 'loans', 'latest')).toMatchObject({
        version: 'v1',
      });
      // Another attempt (another pin file) looks again.
      const again = await resolveModelVersionOnce(join(store, 'other.json'), store, 'loans', '');
      expect(again).toMatchObject({ version: 'v2' });
      expect((await readdir(store)).filter((name) => name.startsWith('pinned.json.'))).toEqual([]);
    } finally {
      await rm(store, { recursive: true, force: true });
    }
  });

  it('says what there is when the model, the version or the name is missing', async () => {
    const { resolveModelVersion } = await loadRegistry();
    const store = await modelStore();
    try {
      await expect(resolveModelVersion(store, 'churn', 'latest')).rejects.toThrow(
        'No model "churn" is registered (no churn/latest.json in the model store). Registered models: loans.',
      );
      await expect(resolveModelVersion(store, 'loans', 'v9')).rejects.toThrow(
        'Model "loans" has no version "v9". Its versions: v1, v2.',
      );
      await expect(resolveModelVersion(store, '', 'latest')).rejects.toThrow(
        'holds no model.json: set model_name',
      );
    } finally {
      await rm(store, { recursive: true, force: true });
    }
  });
});
