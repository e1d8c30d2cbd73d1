// The two kinds of sentiment model and the saved model document both become: wink-nlp's pretrained
// English model (its lexicon-based sentiment, nothing to train) and a naive Bayes text classifier
// trained on labelled sentences. Every step that scores text goes through `scorerFor`, so a saved
// model scores new text exactly as it scored the held-out sentences it was chosen on.
import { readFileSync } from 'node:fs';
import createNaiveBayes from 'wink-naive-bayes-text-classifier';
import englishModel from 'wink-eng-lite-web-model';
import winkNLP from 'wink-nlp';

export const MODEL_FORMAT = 'millrace.sentiment-model';
export const MODEL_FORMAT_VERSION = 1;
export const MODEL_FILE = 'model.json';

export const ModelKinds = Object.freeze({ pretrained: 'pretrained', naiveBayes: 'naive-bayes' });

/** The exact library versions this code folder pins, recorded in every saved model. */
export const LIBRARIES = Object.freeze(
  JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')).dependencies,
);

const POSITIVE = 'positive';
const NEGATIVE = 'negative';

let language;
/** wink-nlp with its English model, loaded on first use (about 0.1 s). */
function nlp() {
  language ??= winkNLP(englishModel);
  return language;
}

/** wink-nlp's document sentiment (-1 … 1) mapped to 0 … 1; a neutral sentence scores 0.5. */
export function pretrainedScore(text) {
  const { readDoc, its } = nlp();
  return (readDoc(text).out(its.sentiment) + 1) / 2;
}

/**
 * The classifier's features: stems of the words that are not stop words, a negated word (in the
 * scope of "not", "never"…) prefixed with "!" so "not good" is not "good". This is the
 * preparation the classifier's authors recommend (their prep-text.js), on wink-nlp 2.
 */
export function naiveBayesTokens(text) {
  const { readDoc, its } = nlp();
  const tokens = [];
  readDoc(text)
    .tokens()
    .filter((token) => token.out(its.type) === 'word' && !token.out(its.stopWordFlag))
    .each((token) =>
      tokens.push(token.out(its.negationFlag) ? `!${token.out(its.stem)}` : token.out(its.stem)),
    );
  return tokens;
}

function naiveBayes(config) {
  const classifier = createNaiveBayes();
  classifier.definePrepTasks([naiveBayesTokens]);
  if (config) classifier.defineConfig(config);
  return classifier;
}

/** Trains on `{ text, label }` rows (label 1 positive, 0 negative); returns the model document. */
export function trainNaiveBayes(rows, config, threshold) {
  const classifier = naiveBayes(config);
  for (const { text, label } of rows) classifier.learn(text, label === 1 ? POSITIVE : NEGATIVE);
  classifier.consolidate();
  return {
    ...header(ModelKinds.naiveBayes, threshold),
    config,
    stats: classifier.stats(),
    learnings: JSON.parse(classifier.exportJSON()),
  };
}

export function pretrainedModel(threshold) {
  return header(ModelKinds.pretrained, threshold);
}

function header(kind, threshold) {
  return {
    format: MODEL_FORMAT,
    formatVersion: MODEL_FORMAT_VERSION,
    kind,
    threshold,
    libraries: LIBRARIES,
  };
}

/** `(text) => score in 0 … 1`, the chance-like score that the text is positive. */
export function scorerFor(model) {
  if (model?.format !== MODEL_FORMAT || model.formatVersion !== MODEL_FORMAT_VERSION) {
    throw new Error(
      `Not a ${MODEL_FORMAT} model of version ${MODEL_FORMAT_VERSION} (format ${JSON.stringify(model?.format)}, version ${JSON.stringify(model?.formatVersion)}).`,
    );
  }
  if (model.kind === ModelKinds.pretrained) return pretrainedScore;
  if (model.kind !== ModelKinds.naiveBayes) throw new Error(`Unknown model kind "${model.kind}".`);
  const classifier = naiveBayes();
  classifier.importJSON(JSON.stringify(model.learnings));
  classifier.consolidate();
  return (text) => {
    // computeOdds gives log2 odds per label, [['unknown', 0]] when no word was seen in training.
    const odds = classifier.computeOdds(text).find(([label]) => label === POSITIVE);
    return 1 / (1 + 2 ** -(odds?.[1] ?? 0));
  };
}
