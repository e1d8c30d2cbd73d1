// Step 2: clusters customers on their scaled RFM features with k-means (ml-kmeans, k-means++
// seeding, best of several seeded restarts). Before the final clustering it scans k = 2 … k_max
// and logs the inertia and silhouette of each k, the evidence for choosing k; k = 0 takes the k
// with the best silhouette. Segments are numbered by value: segment 0 holds the most recent,
// frequent and high-spending customers. Writes the assignments, the scan and the model (scaler
// and centroids, enough to assign new customers).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { kmeans } from 'ml-kmeans';
import { Matrix } from 'ml-matrix';
import { fail, readCsvFile, report, writeCsvFile } from './table-files.mjs';

const { values } = parseArgs({
  options: {
    rfm: { type: 'string' },
    k: { type: 'string', default: '4' },
    'k-max': { type: 'string', default: '8' },
    restarts: { type: 'string', default: '10' },
    seed: { type: 'string', default: '42' },
    out: { type: 'string' },
  },
});

const requestedK = Number.parseInt(values.k, 10);
const kMax = Number.parseInt(values['k-max'], 10);
const restarts = Number.parseInt(values.restarts, 10);
const seed = Number.parseInt(values.seed, 10);
if (!(requestedK === 0 || requestedK >= 2))
  fail(`k must be 0 (choose) or at least 2, not ${values.k}.`);
if (!(kMax >= 2)) fail(`k_max must be at least 2, not ${values['k-max']}.`);
if (!(restarts >= 1)) fail(`restarts must be at least 1, not ${values.restarts}.`);

const customers = readCsvFile(join(values.rfm, 'rfm.csv'));
// Counts and amounts are heavily right-skewed (a few customers spend 10× the median); log1p
// keeps those few from deciding the clusters alone. Recency is skewed too (most bought lately).
const FEATURES = ['recency_days', 'frequency', 'monetary'];
const raw = new Matrix(
  customers.map((customer) =>
    FEATURES.map((feature) => Math.log1p(Math.max(0, Number(customer[feature])))),
  ),
);
const means = raw.mean('column');
const deviations = raw.standardDeviation('column', { mean: means });
const points = raw
  .clone()
  .subRowVector(means)
  .divRowVector(deviations.map((deviation) => deviation || 1))
  .to2DArray();

/** Metrics keep 4 decimals (2 for inertia): enough to compare k, short enough to read. */
const rounded = (value, digits) => Number(value.toFixed(digits));

const squaredDistance = (a, b) => a.reduce((sum, value, index) => sum + (value - b[index]) ** 2, 0);

function inertiaOf(result) {
  return points.reduce(
    (sum, point, index) => sum + squaredDistance(point, result.centroids[result.clusters[index]]),
    0,
  );
}

/** k-means from `restarts` seeds; the clustering with the least inertia wins. */
function bestClustering(k) {
  let best = null;
  for (let restart = 0; restart < restarts; restart += 1) {
    const result = kmeans(points, k, { seed: seed + restart, maxIterations: 300 });
    const inertia = inertiaOf(result);
    if (best === null || inertia < best.inertia) best = { result, inertia };
  }
  return best;
}

/**
 * At most this many customers (every n-th, in id order) are measured for the silhouette, whose
 * cost grows with the square of the customers measured.
 */
const SILHOUETTE_SAMPLE = 2000;
const stride = Math.ceil(points.length / SILHOUETTE_SAMPLE);
const sample = points.map((_, index) => index).filter((index) => index % stride === 0);
const sampleDistances = sample.map((index) =>
  sample.map((other) => Math.sqrt(squaredDistance(points[index], points[other]))),
);

/** Mean silhouette: how much closer each customer is to its own cluster than to the next one. */
function silhouetteOf(clusters, k) {
  const labels = sample.map((index) => clusters[index]);
  const sizes = new Array(k).fill(0);
  for (const label of labels) sizes[label] += 1;
  let total = 0;
  labels.forEach((own, position) => {
    if (sizes[own] <= 1) return; // a lone customer's silhouette is 0 by convention
    const sums = new Array(k).fill(0);
    labels.forEach((label, other) => (sums[label] += sampleDistances[position][other]));
    const within = sums[own] / (sizes[own] - 1);
    const nearest = Math.min(
      ...sums.map((sum, cluster) =>
        cluster === own || sizes[cluster] === 0 ? Infinity : sum / sizes[cluster],
      ),
    );
    total += (nearest - within) / Math.max(within, nearest);
  });
  return total / labels.length;
}

function evaluate(k) {
  const { result, inertia } = bestClustering(k);
  return { k, inertia, silhouette: silhouetteOf(result.clusters, k), result };
}

const scan = [];
for (let k = 2; k <= Math.min(kMax, customers.length - 1); k += 1) {
  const entry = evaluate(k);
  scan.push(entry);
  report({ metric: `inertia_k${k}`, value: rounded(entry.inertia, 2) });
  report({ metric: `silhouette_k${k}`, value: rounded(entry.silhouette, 4) });
  console.log(
    `k=${k}: inertia ${entry.inertia.toFixed(1)}, silhouette ${entry.silhouette.toFixed(3)}`,
  );
}
if (scan.length === 0) fail(`Too few customers (${customers.length}) to cluster.`);
const bestBySilhouette = scan.reduce((best, entry) =>
  entry.silhouette > best.silhouette ? entry : best,
);
const k = requestedK === 0 ? bestBySilhouette.k : requestedK;
if (k >= customers.length) {
  fail(`k (${k}) must be below the number of customers (${customers.length}).`);
}
const chosen = scan.find((entry) => entry.k === k) ?? evaluate(k);

// Value of a centroid: recent (low recency), frequent and high-spending customers score high.
const valueOf = (centroid) => -centroid[0] + centroid[1] + centroid[2];
const order = chosen.result.centroids
  .map((centroid, cluster) => ({ cluster, value: valueOf(centroid) }))
  .sort((a, b) => b.value - a.value);
const segmentOfCluster = new Map(order.map(({ cluster }, segment) => [cluster, segment]));
const centroids = order.map(({ cluster }) => chosen.result.centroids[cluster]);

mkdirSync(values.out, { recursive: true });
writeCsvFile(
  join(values.out, 'assignments.csv'),
  customers.map((customer, index) => ({
    customer_id: customer.customer_id,
    segment: segmentOfCluster.get(chosen.result.clusters[index]),
  })),
);
writeCsvFile(
  join(values.out, 'k-scan.csv'),
  scan.map(({ k: scanned, inertia, silhouette }) => ({ k: scanned, inertia, silhouette })),
);
writeFileSync(
  join(values.out, 'model.json'),
  JSON.stringify(
    {
      kind: 'rfm-kmeans',
      features: FEATURES,
      transform: 'log1p, then (x - mean) / standardDeviation',
      means,
      standardDeviations: deviations,
      k,
      seed,
      restarts,
      centroids,
      inertia: chosen.inertia,
      silhouette: chosen.silhouette,
    },
    null,
    2,
  ) + '\n',
);

report({ metric: 'k', value: k });
report({ metric: 'best_k_by_silhouette', value: bestBySilhouette.k });
report({ metric: 'inertia', value: rounded(chosen.inertia, 2) });
report({ metric: 'silhouette', value: rounded(chosen.silhouette, 4) });
report({ metric: 'silhouette_customers', value: sample.length });
report({ metric: 'iterations', value: chosen.result.iterations });
report({ metric: 'converged', value: chosen.result.converged });
report({ tag: 'model', value: 'ml-kmeans k-means++' });
console.log(
  `${customers.length} customers in ${k} segments (silhouette ${chosen.silhouette.toFixed(3)}; best silhouette at k=${bestBySilhouette.k})`,
);
