// Step 3: describes each segment (size, share, mean and median recency, frequency and monetary
// value) and names it from how its medians compare with all customers' medians (recent or
// lapsed, frequent or occasional, high or low spenders). Writes segments.json, segments.csv and
// customers.csv (every customer with its RFM values, segment and label).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fail, readCsvFile, report, writeCsvFile } from './table-files.mjs';

const { values } = parseArgs({
  options: {
    rfm: { type: 'string' },
    clusters: { type: 'string' },
    out: { type: 'string' },
  },
});

const customers = readCsvFile(join(values.rfm, 'rfm.csv'));
const segmentOf = new Map(
  readCsvFile(join(values.clusters, 'assignments.csv')).map((row) => [
    row.customer_id,
    Number(row.segment),
  ]),
);
const MEASURES = ['recency_days', 'frequency', 'monetary'];

const mean = (numbers) => numbers.reduce((sum, value) => sum + value, 0) / numbers.length;
function median(numbers) {
  const sorted = [...numbers].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
const round = (value) => Math.round(value * 100) / 100;

const valuesOf = Object.fromEntries(
  MEASURES.map((measure) => [measure, customers.map((row) => Number(row[measure]))]),
);
const overall = Object.fromEntries(MEASURES.map((measure) => [measure, median(valuesOf[measure])]));

/**
 * Where a value stands among all customers' values, from 0 (below all) to 1 (above all); ties
 * count half.
 */
function percentileOf(value, measure) {
  const below = valuesOf[measure].filter((other) => other < value).length;
  const equal = valuesOf[measure].filter((other) => other === value).length;
  return (below + equal / 2) / customers.length;
}

/** Tertiles: a segment whose median stands above two thirds of all customers is high. */
const HIGH = 2 / 3;
const LOW = 1 / 3;
const level = (percentile) => (percentile >= HIGH ? 'high' : percentile < LOW ? 'low' : 'mid');

// Names by how recent the segment's customers are (recency percentile, fewer days is better)
// and how much they buy (the mean of the frequency and monetary percentiles).
const NAMES = {
  'high high': 'loyal high spenders',
  'high mid': 'steady regulars',
  'high low': 'new or occasional buyers',
  'mid high': 'high spenders needing attention',
  'mid mid': 'regulars cooling off',
  'mid low': 'occasional buyers drifting away',
  'low high': 'at-risk high spenders',
  'low mid': 'lapsing regulars',
  'low low': 'lost low spenders',
};

const bySegment = new Map();
for (const customer of customers) {
  const segment = segmentOf.get(customer.customer_id);
  if (segment === undefined) fail(`Customer ${customer.customer_id} has no segment.`);
  const members = bySegment.get(segment) ?? [];
  members.push(customer);
  bySegment.set(segment, members);
}

const profiles = [...bySegment.entries()]
  .sort(([a], [b]) => a - b)
  .map(([segment, members]) => {
    const stats = Object.fromEntries(
      MEASURES.map((measure) => {
        const numbers = members.map((row) => Number(row[measure]));
        return [measure, { mean: round(mean(numbers)), median: round(median(numbers)) }];
      }),
    );
    const recency = 1 - percentileOf(stats.recency_days.median, 'recency_days');
    const value =
      (percentileOf(stats.frequency.median, 'frequency') +
        percentileOf(stats.monetary.median, 'monetary')) /
      2;
    const key = `${level(recency)} ${level(value)}`;
    return {
      segment,
      label: NAMES[key],
      customers: members.length,
      recency_percentile: round(recency),
      value_percentile: round(value),
      share: round(members.length / customers.length),
      recency_days: stats.recency_days,
      frequency: stats.frequency,
      monetary: stats.monetary,
      total_monetary: round(members.reduce((sum, row) => sum + Number(row.monetary), 0)),
    };
  });

// Two segments on the same side of every median would share a name: number them apart.
for (const label of new Set(profiles.map((profile) => profile.label))) {
  const namesakes = profiles.filter((profile) => profile.label === label);
  if (namesakes.length > 1)
    namesakes.forEach((profile, index) => (profile.label += ` ${index + 1}`));
}
const labelOf = new Map(profiles.map((profile) => [profile.segment, profile.label]));

mkdirSync(values.out, { recursive: true });
writeFileSync(
  join(values.out, 'segments.json'),
  JSON.stringify({ customers: customers.length, medians: overall, segments: profiles }, null, 2) +
    '\n',
);
writeCsvFile(
  join(values.out, 'segments.csv'),
  profiles.map((profile) => ({
    segment: profile.segment,
    label: profile.label,
    customers: profile.customers,
    share: profile.share,
    recency_days_mean: profile.recency_days.mean,
    recency_days_median: profile.recency_days.median,
    frequency_mean: profile.frequency.mean,
    frequency_median: profile.frequency.median,
    monetary_mean: profile.monetary.mean,
    monetary_median: profile.monetary.median,
    total_monetary: profile.total_monetary,
  })),
);
writeCsvFile(
  join(values.out, 'customers.csv'),
  customers.map((customer) => ({
    ...customer,
    segment: segmentOf.get(customer.customer_id),
    segment_label: labelOf.get(segmentOf.get(customer.customer_id)),
  })),
);

report({ metric: 'customers', value: customers.length });
report({ metric: 'segments', value: profiles.length });
for (const profile of profiles) {
  report({ metric: `segment_${profile.segment}_customers`, value: profile.customers });
  report({ tag: `segment_${profile.segment}`, value: profile.label });
  console.log(
    `segment ${profile.segment} "${profile.label}": ${profile.customers} customers, median ${profile.recency_days.median} days since last order, ${profile.frequency.median} orders, ${profile.monetary.median} spent`,
  );
}
report({ tag: 'segments', value: profiles.map((profile) => profile.label).join('; ') });
