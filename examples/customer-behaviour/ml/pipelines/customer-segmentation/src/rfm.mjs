// Step 1: turns order lines into one row per customer with the RFM features: recency (days from
// the customer's last order to the reference date), frequency (distinct orders) and monetary
// (total amount). The column names are parameters, so any order-line table works.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fail, readCsvFile, report, writeCsvFile } from './table-files.mjs';

const DAY_MS = 24 * 60 * 60 * 1000;

const { values } = parseArgs({
  options: {
    orders: { type: 'string' },
    'customer-column': { type: 'string', default: 'Customer ID' },
    'name-column': { type: 'string', default: '' },
    'order-column': { type: 'string', default: 'Order ID' },
    'date-column': { type: 'string', default: 'Order Date' },
    'amount-column': { type: 'string', default: 'Sales' },
    'reference-date': { type: 'string', default: '' },
    out: { type: 'string' },
  },
});

const lines = readCsvFile(values.orders);
const columns = Object.keys(lines[0] ?? {});
for (const option of ['customer-column', 'order-column', 'date-column', 'amount-column']) {
  if (values[option] !== '' && !columns.includes(values[option])) {
    fail(
      `The ${option} "${values[option]}" is not a column of the orders file (columns: ${columns.join(', ')}); set the parameter to one of them.`,
    );
  }
}

/** Days since 1970-01-01 of a date such as 2017-12-30 (time of day ignored). */
function dayOf(text) {
  const time = Date.parse(text.slice(0, 10));
  return Number.isFinite(time) ? Math.floor(time / DAY_MS) : null;
}

function isoDate(day) {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

const customers = new Map();
let skipped = 0;
for (const line of lines) {
  const id = line[values['customer-column']]?.trim() ?? '';
  const day = dayOf(line[values['date-column']] ?? '');
  const amount = Number.parseFloat(line[values['amount-column']] ?? '');
  if (id === '' || day === null || !Number.isFinite(amount)) {
    skipped += 1;
    continue;
  }
  // Without an order column, the orders of a customer are the days they bought on.
  const order = values['order-column'] === '' ? String(day) : line[values['order-column']];
  const customer = customers.get(id) ?? {
    name: values['name-column'] === '' ? '' : (line[values['name-column']] ?? ''),
    orders: new Set(),
    firstDay: day,
    lastDay: day,
    monetary: 0,
    lines: 0,
  };
  customer.orders.add(order);
  customer.firstDay = Math.min(customer.firstDay, day);
  customer.lastDay = Math.max(customer.lastDay, day);
  customer.monetary += amount;
  customer.lines += 1;
  customers.set(id, customer);
}
if (customers.size === 0) fail('No order line has a customer, a date and an amount.');

const lastDay = Math.max(...[...customers.values()].map((customer) => customer.lastDay));
// Default: the day after the last order, so the most recent customer has a recency of 1 day.
const referenceDay =
  values['reference-date'] === '' ? lastDay + 1 : dayOf(values['reference-date']);
if (referenceDay === null) {
  fail(`The reference date "${values['reference-date']}" is not a date such as 2018-01-01.`);
}
if (referenceDay < lastDay) {
  fail(
    `The reference date ${values['reference-date']} is before the last order (${isoDate(lastDay)}); choose a later one or leave it empty.`,
  );
}

const rows = [...customers.entries()]
  .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  .map(([id, customer]) => ({
    customer_id: id,
    customer_name: customer.name,
    first_order: isoDate(customer.firstDay),
    last_order: isoDate(customer.lastDay),
    recency_days: referenceDay - customer.lastDay,
    frequency: customer.orders.size,
    monetary: Math.round(customer.monetary * 100) / 100,
    order_lines: customer.lines,
  }));

mkdirSync(values.out, { recursive: true });
writeCsvFile(join(values.out, 'rfm.csv'), rows);

const orders = rows.reduce((sum, row) => sum + row.frequency, 0);
report({ metric: 'order_lines', value: lines.length });
report({ metric: 'skipped_lines', value: skipped });
report({ metric: 'orders', value: orders });
report({ metric: 'customers', value: rows.length });
report({ tag: 'reference_date', value: isoDate(referenceDay) });
console.log(
  `${rows.length} customers from ${lines.length} order lines (${orders} orders, ${skipped} lines skipped), recency counted to ${isoDate(referenceDay)}`,
);
