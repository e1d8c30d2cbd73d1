// How well scores in [0, 1] separate positive (label 1) from negative (label 0) sentences. A
// sentence is predicted positive when its score is above the threshold.

/** The metrics `compare` can pick the better model by, higher is better for each. */
export const PICKABLE_METRICS = ['accuracy', 'precision', 'recall', 'f1', 'roc_auc'];

export function classificationMetrics(scored, threshold) {
  let truePositives = 0;
  let falsePositives = 0;
  let trueNegatives = 0;
  let falseNegatives = 0;
  for (const { label, score } of scored) {
    const predicted = score > threshold ? 1 : 0;
    if (predicted === 1 && label === 1) truePositives++;
    else if (predicted === 1) falsePositives++;
    else if (label === 1) falseNegatives++;
    else trueNegatives++;
  }
  const ratio = (part, whole) => (whole === 0 ? 0 : part / whole);
  const precision = ratio(truePositives, truePositives + falsePositives);
  const recall = ratio(truePositives, truePositives + falseNegatives);
  return {
    accuracy: ratio(truePositives + trueNegatives, scored.length),
    precision,
    recall,
    f1: ratio(2 * precision * recall, precision + recall),
    roc_auc: rocAuc(scored),
    true_positives: truePositives,
    false_positives: falsePositives,
    true_negatives: trueNegatives,
    false_negatives: falseNegatives,
  };
}

/**
 * ROC AUC as the Mann–Whitney statistic: the chance that a positive sentence scores above a
 * negative one, ties counting half (average ranks), in O(n log n). Null with only one class.
 */
export function rocAuc(scored) {
  const positives = scored.filter((item) => item.label === 1).length;
  const negatives = scored.length - positives;
  if (positives === 0 || negatives === 0) return null;
  const sorted = [...scored].sort((a, b) => a.score - b.score);
  let positiveRankSum = 0;
  for (let start = 0; start < sorted.length;) {
    let end = start;
    while (end + 1 < sorted.length && sorted[end + 1].score === sorted[start].score) end++;
    const averageRank = (start + end) / 2 + 1;
    for (let index = start; index <= end; index++)
      if (sorted[index].label === 1) positiveRankSum += averageRank;
    start = end + 1;
  }
  return (positiveRankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}
