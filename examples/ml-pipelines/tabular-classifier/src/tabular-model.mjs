// The saved model of the tabular classifier and what scoring needs of it: the encoder that turns
// a row of raw CSV strings into numbers, and the estimator's probability of the positive class.
// Training and scoring both encode raw strings with this one function, so a model scores new
// rows exactly as it saw its training rows.
//
// Both pipelines run this very file: tabular-batch-score's steps use this code folder too.
//
// A logistic regression scores with its saved weights alone: no library is loaded for it, which
// keeps every scoring worker about 20 MB smaller and quicker to start. The
// mljs libraries are loaded on first need (a random forest, a matrix for training).
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);

export const MODEL_FORMAT = 'millrace.tabular-classifier';
export const MODEL_FORMAT_VERSION = 1;
export const MODEL_FILE = 'model.json';

/** Cells that mean "no value", whatever the column's type. */
export const MISSING_TOKENS = new Set(['', 'NA', 'N/A', 'NaN', 'nan', 'null', 'NULL', 'None']);

export function isMissing(raw) {
  return raw === undefined || raw === null || MISSING_TOKENS.has(String(raw).trim());
}

const LONGEST_MISSING_TOKEN = Math.max(...[...MISSING_TOKENS].map((token) => token.length));

/**
 * The trimmed text of a cell, or null when it is missing (as `isMissing`). It runs for every
 * cell scored, so it skips what most cells do not need: trimming when neither end can be
 * whitespace (printable ASCII), the token lookup when the text is longer than every token.
 */
function presentText(raw) {
  if (raw === undefined || raw === null) return null;
  let text = typeof raw === 'string' ? raw : String(raw);
  if (text.length > 0 && !(isPrintableAscii(text, 0) && isPrintableAscii(text, text.length - 1)))
    text = text.trim();
  return text.length <= LONGEST_MISSING_TOKEN && MISSING_TOKENS.has(text) ? null : text;
}

function isPrintableAscii(text, index) {
  const code = text.charCodeAt(index);
  return code > 0x20 && code < 0x7f;
}

/** A finite number, or NaN for a missing or non-numeric cell. */
export function parseNumber(raw) {
  const text = presentText(raw);
  if (text === null) return Number.NaN;
  const value = Number(text);
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
  return encodeRowInto(encoder, undefined, (row, name) => get(name), target, offset);
}

/** `encodeInto` for a row read through `get(row, name)`, without a closure per row. */
function encodeRowInto(encoder, row, get, target, offset) {
  let index = offset;
  for (const feature of encoder.features) {
    const raw = get(row, feature.name);
    if (feature.kind === 'numeric') {
      const value = parseNumber(raw);
      const missing = Number.isNaN(value);
      target[index++] = ((missing ? feature.fill : value) - feature.center) / feature.scale;
      if (feature.missingIndicator) target[index++] = missing ? 1 : 0;
    } else {
      const level = feature.levelIndex.get(presentText(raw) ?? '');
      target.fill(0, index, index + feature.levels.length);
      if (level !== undefined) target[index + level] = 1;
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

/**
 * The estimator as saved by the library, wrapped to give P(positive) for encoded rows: either
 * one row at a time (`rowProbability(encoded)`) or for a whole matrix (`probabilities(matrix)`).
 */
export function loadEstimator(algorithm, saved) {
  switch (algorithm) {
    case 'logistic-regression': {
      // ml-logistic-regression's saved JSON. One-vs-rest over classes 0 and 1: classifier 0
      // scores "not class 0", i.e. P(positive).
      if (saved?.name !== 'LogisticRegression') throw new Error(`invalid model: ${saved?.name}`);
      const weights = Float64Array.from(saved.classifiers?.[0]?.weights?.[0] ?? []);
      return {
        // The first column is the intercept's constant 1.
        withIntercept: true,
        weightCount: weights.length,
        // The library's testScores (sigmoid of the row · the weights), summed in its order, so
        // that each probability is the library's to the last bit.
        rowProbability: (encoded) => {
          let score = 0;
          for (let index = 0; index < weights.length; index++)
            score += encoded[index] * weights[index];
          return 1 / (1 + Math.exp(-score));
        },
      };
    }
    case 'random-forest': {
      const { RandomForestClassifier } = require('ml-random-forest');
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

/** How many numbers the estimator reads per row: the encoding, and the intercept's 1 first. */
function inputWidth(model) {
  return model.width + (model.estimator.withIntercept ? 1 : 0);
}

/** Encodes one row into `buffer` (the intercept's 1 first when the estimator has one). */
function encodeRow(model, row, get, buffer) {
  let offset = 0;
  if (model.estimator.withIntercept) buffer[offset++] = 1;
  encodeRowInto(model.encoder, row, get, buffer, offset);
}

/** Encodes rows (each read through `get(row, name)`) into one ml-matrix Matrix. */
export function encodeRows(model, rows, get) {
  const { Matrix } = require('ml-matrix');
  const matrix = new Matrix(rows.length, inputWidth(model));
  const buffer = new Float64Array(inputWidth(model));
  for (let rowIndex = 0; rowIndex < rows.length; rowIndex++) {
    encodeRow(model, rows[rowIndex], get, buffer);
    matrix.setRow(rowIndex, buffer);
  }
  return matrix;
}

/** P(positive class) for each row, in order. */
export function predictProbabilities(model, rows, get) {
  if (rows.length === 0) return [];
  const { estimator } = model;
  if (estimator.rowProbability === undefined)
    return estimator.probabilities(encodeRows(model, rows, get));
  const buffer = new Float64Array(inputWidth(model));
  const probabilities = new Array(rows.length);
  for (let rowIndex = 0; rowIndex < rows.length; rowIndex++) {
    encodeRow(model, rows[rowIndex], get, buffer);
    probabilities[rowIndex] = estimator.rowProbability(buffer);
  }
  return probabilities;
}

/** A model from its saved JSON (model.json), ready to score. */
export function modelFromJson(saved) {
  if (saved.format !== MODEL_FORMAT || saved.formatVersion !== MODEL_FORMAT_VERSION) {
    throw new Error(
      `Not a tabular classifier model of format ${MODEL_FORMAT} ${MODEL_FORMAT_VERSION} (found ${saved.format} ${saved.formatVersion}).`,
    );
  }
  const encoder = hydrateEncoder(saved.encoder);
  const width = encodedWidth(encoder);
  const estimator = loadEstimator(saved.algorithm, saved.estimator);
  if (estimator.weightCount !== undefined && estimator.weightCount !== width + 1) {
    throw new Error(
      `The model's ${estimator.weightCount} weights do not fit its encoder (${width} numbers and the intercept).`,
    );
  }
  return { saved, encoder, width, estimator };
}

export async function loadModelFolder(folder) {
  const text = await readFile(join(folder, MODEL_FILE), 'utf8');
  return modelFromJson(JSON.parse(text));
}
