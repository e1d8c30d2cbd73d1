// Fitting what tabular-model.mjs applies: the encoder (on the training rows only) and the
// estimator, each algorithm from its maintained mljs library.
import LogisticRegression from 'ml-logistic-regression';
import { Matrix } from 'ml-matrix';
import { RandomForestClassifier } from 'ml-random-forest';
import { seededRandom, shuffle } from './seeded-random.mjs';
import {
  encodeRows,
  encodedWidth,
  hydrateEncoder,
  isMissing,
  parseNumber,
} from './tabular-model.mjs';

export const ALGORITHMS = ['logistic-regression', 'random-forest'];

/**
 * Learns the encoding from the training rows: for a numeric column its median (the fill for a
 * missing cell), mean and standard deviation, and whether training saw it missing (then a 0/1
 * "was missing" column follows it); for a categorical column its `maxCategories` most frequent
 * values seen in at least `minCategoryRows` rows (a missing cell counts as the value '').
 */
export function fitEncoder(features, rows, { maxCategories, minCategoryRows }) {
  const fitted = features.map((feature, column) => {
    if (feature.kind === 'numeric') {
      const known = [];
      let missing = 0;
      for (const row of rows) {
        const value = parseNumber(row[column]);
        if (Number.isNaN(value)) missing += 1;
        else known.push(value);
      }
      known.sort((a, b) => a - b);
      const fill = known.length === 0 ? 0 : median(known);
      let sum = 0;
      for (const row of rows) sum += numberOr(row[column], fill);
      const center = rows.length === 0 ? 0 : sum / rows.length;
      let squares = 0;
      for (const row of rows) squares += (numberOr(row[column], fill) - center) ** 2;
      const deviation = rows.length === 0 ? 0 : Math.sqrt(squares / rows.length);
      return {
        name: feature.name,
        kind: 'numeric',
        fill,
        center,
        scale: deviation > 0 ? deviation : 1,
        missingIndicator: missing > 0,
      };
    }
    const counts = new Map();
    for (const row of rows) {
      const level = isMissing(row[column]) ? '' : String(row[column]).trim();
      counts.set(level, (counts.get(level) ?? 0) + 1);
    }
    const levels = [...counts]
      .filter(([, count]) => count >= minCategoryRows)
      .sort(([a, countA], [b, countB]) => countB - countA || (a < b ? -1 : a > b ? 1 : 0))
      .slice(0, maxCategories)
      .map(([level]) => level);
    return {
      name: feature.name,
      kind: 'categorical',
      levels,
      otherLevels: counts.size - levels.length,
    };
  });
  return { features: fitted };
}

function numberOr(raw, fill) {
  const value = parseNumber(raw);
  return Number.isNaN(value) ? fill : value;
}

function median(sorted) {
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * Trains the estimator on encoded rows (`rows` hold raw cells in feature order) and returns what
 * model.json saves: `{ estimator, width }`.
 */
export function fitEstimator(algorithm, hyperparameters, savedEncoder, rows, labels) {
  const encoder = hydrateEncoder(savedEncoder);
  const withIntercept = algorithm === 'logistic-regression';
  const model = { encoder, width: encodedWidth(encoder), estimator: { withIntercept } };
  const columnOf = new Map(encoder.features.map((feature, column) => [feature.name, column]));
  const matrix = encodeRows(model, rows, (row, name) => row[columnOf.get(name)]);
  switch (algorithm) {
    case 'logistic-regression': {
      // The library steps along the gradient summed over rows; dividing by the row count makes
      // learning_rate a step on the mean loss, so one value suits data sets of any size.
      const estimator = new LogisticRegression({
        numSteps: hyperparameters.numSteps,
        learningRate: hyperparameters.learningRate / Math.max(rows.length, 1),
      });
      estimator.train(matrix, Matrix.columnVector(labels));
      return { estimator: estimator.toJSON(), width: model.width };
    }
    case 'random-forest': {
      // Trees grown on a 5 % positive class vote "negative" nearly everywhere, which ranks
      // nothing; each class is therefore cut down to the smaller one's size (seeded), and the
      // saved sampling rates undo the shifted prior when probabilities are read.
      const random = seededRandom(hyperparameters.seed);
      const byClass = [0, 1].map((label) =>
        shuffle(
          labels.flatMap((value, index) => (value === label ? [index] : [])),
          random,
        ),
      );
      const keep = Math.min(byClass[0].length, byClass[1].length);
      const kept = byClass.flatMap((indexes) => indexes.slice(0, keep)).sort((a, b) => a - b);
      const samplingRates = byClass.map((indexes) => keep / Math.max(indexes.length, 1));
      const forest = new RandomForestClassifier({
        nEstimators: hyperparameters.nEstimators,
        maxFeatures: hyperparameters.maxFeatures,
        seed: hyperparameters.seed,
        replacement: false,
        noOOB: true,
        treeOptions: {
          maxDepth: hyperparameters.maxDepth,
          minNumSamples: hyperparameters.minNodeRows,
        },
      });
      forest.train(
        matrix.selection(kept, [...Array(matrix.columns).keys()]),
        kept.map((index) => labels[index]),
      );
      return {
        estimator: {
          forest: forest.toJSON(),
          negativeSamplingRate: samplingRates[0],
          positiveSamplingRate: samplingRates[1],
        },
        width: model.width,
      };
    }
    default:
      throw new Error(`Unknown algorithm "${algorithm}": use ${ALGORITHMS.join(' or ')}.`);
  }
}
