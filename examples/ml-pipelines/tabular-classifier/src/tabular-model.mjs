// The saved model of the tabular classifier and what scoring needs of it: the encoder that turns
// a row of raw CSV strings into numbers, and the estimator's probability of the positive class.
// Training and scoring both encode raw strings with this one function, so a model scores new
// rows exactly as it saw its training rows.
//
// Both pipelines run this very file: tabular-batch-score's steps use this code folder too.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import LogisticRegression from 'ml-logistic-regression';
import { Matrix } from 'ml-matrix';
import { RandomForestClassifier } from 'ml-random-forest';

export const MODEL_FORMAT = 'millrace.tabular-classifier';
export const MODEL_FORMAT_VERSION = 1;
export const MODEL_FILE = 'model.json';

/** Cells that mean "no value", whatever the column's type. */
export const MISSING_TOKENS = new Set(['', 'NA', 'N/A', 'NaN', 'nan', 'null', 'NULL', 'None']);

export function isMissing(raw) {
  return raw === undefined || raw === null || MISSING_TOKENS.has(String(raw).trim());
}

/** A finite number, or NaN for a missing or non-numeric cell. */
export function parseNumber(raw) {
  if (isMissing(raw)) return Number.NaN;
  const value = Number(String(raw).trim());
  return Number.isFinite(value) ? value : Number.NaN;
}

/** How many numbers one row becomes: one per numeric column (+1 missing flag), one per level. */
export function encodedWidth(encoder) {
  let width = 0;
  for (const feature of encoder.features) {
    width +=
      feature.kind === 'numeric' ? (feature.missingIndicator ? 2 : 1) : feature.levels.length;
  }
  return width;
}

/**
 * Encodes one row (`get(name)` gives the raw cell) into `target` from `offset`: numbers are
 * imputed with the training median and standardised; a category is one-hot over the levels seen
 * in training (an unseen or rare one is all zeros).
 */
export function encodeInto(encoder, get, target, offset = 0) {
  let index = offset;
  for (const feature of encoder.features) {
    const raw = get(feature.name);
    if (feature.kind === 'numeric') {
      const value = parseNumber(raw);
      const missing = Number.isNaN(value);
      target[index++] = ((missing ? feature.fill : value) - feature.center) / feature.scale;
      if (feature.missingIndicator) target[index++] = missing ? 1 : 0;
    } else {
      const level = feature.levelIndex.get(isMissing(raw) ? '' : String(raw).trim());
      for (let position = 0; position < feature.levels.length; position++) {
        target[index + position] = position === level ? 1 : 0;
      }
      index += feature.levels.length;
    }
  }
  return index;
}

/** Adds the lookup tables a saved encoder leaves out. */
export function hydrateEncoder(encoder) {
  return {
    ...encoder,
    features: encoder.features.map((feature) =>
      feature.kind === 'categorical'
        ? { ...feature, levelIndex: new Map(feature.levels.map((level, index) => [level, index])) }
        : feature,
    ),
  };
}

/** The estimator as saved by the library, wrapped to give P(positive) for encoded rows. */
export function loadEstimator(algorithm, saved) {
  switch (algorithm) {
    case 'logistic-regression': {
      const model = LogisticRegression.load(saved);
      // One-vs-rest over classes 0 and 1: classifier 0 scores "not class 0", i.e. P(positive).
      const positive = model.classifiers[0];
      return {
        // The first column is the intercept's constant 1.
        withIntercept: true,
        probabilities: (matrix) => positive.testScores(matrix),
      };
    }
    case 'random-forest': {
      const forest = RandomForestClassifier.load(saved.forest);
      // Trained on class-balanced samples: the odds the forest gives are the training odds
      // times positiveSamplingRate / negativeSamplingRate, so multiply by the inverse.
      const oddsFactor = saved.negativeSamplingRate / saved.positiveSamplingRate;
      return {
        withIntercept: false,
        probabilities: (matrix) =>
          forest
            .predictProbability(matrix, 1)
            .map((p) => (oddsFactor * p) / (oddsFactor * p + 1 - p)),
      };
    }
    default:
      throw new Error(
        `Unknown algorithm "${algorithm}": use logistic-regression or random-forest.`,
      );
  }
}

/** Encodes rows (each read through `get(row, name)`) into one matrix for the estimator. */
export function encodeRows(model, rows, get) {
  const width = model.width + (model.estimator.withIntercept ? 1 : 0);
  const matrix = new Matrix(rows.length, width);
  const buffer = new Float64Array(width);
  for (let rowIndex = 0; rowIndex < rows.length; rowIndex++) {
    const row = rows[rowIndex];
    let offset = 0;
    if (model.estimator.withIntercept) buffer[offset++] = 1;
    encodeInto(model.encoder, (name) => get(row, name), buffer, offset);
    matrix.setRow(rowIndex, buffer);
  }
  return matrix;
}

/** P(positive class) for each row, in order. */
export function predictProbabilities(model, rows, get) {
  if (rows.length === 0) return [];
  return model.estimator.probabilities(encodeRows(model, rows, get));
}

/** A model from its saved JSON (model.json), ready to score. */
export function modelFromJson(saved) {
  if (saved.format !== MODEL_FORMAT || saved.formatVersion !== MODEL_FORMAT_VERSION) {
    throw new Error(
      `Not a tabular classifier model of format ${MODEL_FORMAT} ${MODEL_FORMAT_VERSION} (found ${saved.format} ${saved.formatVersion}).`,
    );
  }
  const encoder = hydrateEncoder(saved.encoder);
  return {
    saved,
    encoder,
    width: encodedWidth(encoder),
    estimator: loadEstimator(saved.algorithm, saved.estimator),
  };
}

export async function loadModelFolder(folder) {
  const text = await readFile(join(folder, MODEL_FILE), 'utf8');
  return modelFromJson(JSON.parse(text));
}
