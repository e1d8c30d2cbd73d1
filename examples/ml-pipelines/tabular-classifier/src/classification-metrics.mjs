// Measures of a binary classifier's probabilities against the true labels (1 = positive).

/**
 * ROC AUC: the chance that a random positive scores above a random negative (ties count half),
 * from the ranks (Mann–Whitney U), so it takes n log n rather than positives × negatives.
 */
export function rocAuc(labels, probabilities) {
  const order = probabilities
    .map((_, index) => index)
    .sort((a, b) => probabilities[a] - probabilities[b]);
  let positives = 0;
  let positiveRankSum = 0;
  for (let start = 0; start < order.length;) {
    let end = start;
    while (
      end + 1 < order.length &&
      probabilities[order[end + 1]] === probabilities[order[start]]
    ) {
      end += 1;
    }
    const averageRank = (start + end) / 2 + 1; // ranks from 1; tied scores share their mean rank
    for (let position = start; position <= end; position++) {
      if (labels[order[position]] === 1) {
        positives += 1;
        positiveRankSum += averageRank;
      }
    }
    start = end + 1;
  }
  const negatives = labels.length - positives;
  if (positives === 0 || negatives === 0) return null;
  return (positiveRankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** The confusion counts and rates when a probability ≥ threshold means "positive". */
export function atThreshold(labels, probabilities, threshold) {
  let truePositives = 0;
  let falsePositives = 0;
  let trueNegatives = 0;
  let falseNegatives = 0;
  labels.forEach((label, index) => {
    const predicted = probabilities[index] >= threshold;
    if (predicted && label === 1) truePositives += 1;
    else if (predicted) falsePositives += 1;
    else if (label === 1) falseNegatives += 1;
    else trueNegatives += 1;
  });
  const ratio = (a, b) => (b === 0 ? 0 : a / b);
  const precision = ratio(truePositives, truePositives + falsePositives);
  const recall = ratio(truePositives, truePositives + falseNegatives);
  return {
    threshold,
    truePositives,
    falsePositives,
    trueNegatives,
    falseNegatives,
    precision,
    recall,
    f1: ratio(2 * precision * recall, precision + recall),
    accuracy: ratio(truePositives + trueNegatives, labels.length),
    predictedPositiveRate: ratio(truePositives + falsePositives, labels.length),
  };
}

/** Brier score: the mean squared distance between probability and outcome (0 is perfect). */
export function brierScore(labels, probabilities) {
  let sum = 0;
  labels.forEach((label, index) => (sum += (probabilities[index] - label) ** 2));
  return sum / labels.length;
}

/** Mean log loss, probabilities clipped to [1e-15, 1 − 1e-15]. */
export function logLoss(labels, probabilities) {
  let sum = 0;
  labels.forEach((label, index) => {
    const p = Math.min(Math.max(probabilities[index], 1e-15), 1 - 1e-15);
    sum -= label === 1 ? Math.log(p) : Math.log(1 - p);
  });
  return sum / labels.length;
}

/**
 * Calibration: the probabilities cut into `binCount` equal-width bins; per non-empty bin, how
 * many rows, their mean probability and the share that were positive. A calibrated model has
 * the two close in every bin. Expected calibration error: their gap, weighted by bin size.
 */
export function reliability(labels, probabilities, binCount = 10) {
  const bins = Array.from({ length: binCount }, (_, index) => ({
    from: index / binCount,
    to: (index + 1) / binCount,
    rows: 0,
    probabilitySum: 0,
    positives: 0,
  }));
  labels.forEach((label, index) => {
    const p = probabilities[index];
    const bin = bins[Math.min(binCount - 1, Math.floor(p * binCount))];
    bin.rows += 1;
    bin.probabilitySum += p;
    bin.positives += label;
  });
  const filled = bins
    .filter((bin) => bin.rows > 0)
    .map((bin) => ({
      from: bin.from,
      to: bin.to,
      rows: bin.rows,
      meanProbability: bin.probabilitySum / bin.rows,
      positiveRate: bin.positives / bin.rows,
    }));
  const expectedCalibrationError = filled.reduce(
    (sum, bin) =>
      sum + (bin.rows / labels.length) * Math.abs(bin.meanProbability - bin.positiveRate),
    0,
  );
  return { bins: filled, expectedCalibrationError };
}
