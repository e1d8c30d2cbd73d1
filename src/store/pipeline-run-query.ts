/**
 * `queryPipelineRuns` as SQL: filters, a lastUpdated window, an order with runId breaking ties,
 * and keyset pagination (the next page starts strictly after the previous page's last row, so
 * pages stay stable while runs are added). Runs without a RunEnd sort as if they end after every
 * finished run: last in ascending order, first in descending order.
 */
import { sql, type ExpressionBuilder, type Kysely, type SelectQueryBuilder } from 'kysely';
import {
  decodeContinuationToken,
  encodeContinuationToken,
  type PageKey,
  type RunOrder,
} from './continuation-token.js';
import { canonicalInstant } from './instants.js';
import { pipelineRunRecord, type PipelineRunRow } from './record-mapping.js';
import type { StoreDatabase } from './schema.js';
import type { StoreDialect } from './store-dialect.js';
import { StoreError } from './store-error.js';
import {
  PipelineRunFilterOperands,
  type PipelineRunFilterOperand,
  type PipelineRunPage,
  type PipelineRunQuery,
} from './store.js';

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

const FILTER_COLUMNS = {
  PipelineName: 'pipeline_name',
  Status: 'status',
  RunGroupId: 'run_group_id',
  RunId: 'run_id',
} as const satisfies Record<
  Exclude<PipelineRunFilterOperand, 'InvokedByType'>,
  keyof StoreDatabase['pipeline_runs']
>;

/** What a filter compares: a column, or a field of a JSON column read the dialect's way. */
function filterExpression(operand: PipelineRunFilterOperand, dialect: StoreDialect) {
  if (operand !== 'InvokedByType') return FILTER_COLUMNS[operand];
  return dialect.name === 'postgres'
    ? sql<string>`invoked_by ->> 'invokedByType'`
    : sql<string>`json_extract(invoked_by, '$.invokedByType')`;
}

const FILTER_OPERATORS = ['Equals', 'NotEquals', 'In', 'NotIn'] as const;

const DEFAULT_ORDER: RunOrder = { orderBy: 'RunStart', order: 'DESC' };

type RunSelect = SelectQueryBuilder<StoreDatabase, 'pipeline_runs', PipelineRunRow>;
type RunExpressions = ExpressionBuilder<StoreDatabase, 'pipeline_runs'>;

function invalidQuery(message: string): StoreError {
  return new StoreError('STORE_INVALID_QUERY', message);
}

/** The page size a query's `limit` asks for (Default: 100; larger values are cut to 1000). */
export function pageSize(limit: number | undefined): number {
  if (limit === undefined) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 1) {
    throw invalidQuery(`limit must be a whole number from 1 to ${MAX_PAGE_SIZE}; got ${limit}.`);
  }
  return Math.min(limit, MAX_PAGE_SIZE);
}

function runOrder(orderBy: PipelineRunQuery['orderBy']): RunOrder {
  if (orderBy === undefined) return DEFAULT_ORDER;
  if (orderBy.orderBy !== 'RunStart' && orderBy.orderBy !== 'RunEnd') {
    throw invalidQuery(`orderBy must be RunStart or RunEnd; got ${String(orderBy.orderBy)}.`);
  }
  if (orderBy.order !== 'ASC' && orderBy.order !== 'DESC') {
    throw invalidQuery(`order must be ASC or DESC; got ${String(orderBy.order)}.`);
  }
  return orderBy;
}

/** Applies the filters; returns undefined when one of them can match no run (`In` nothing). */
function withFilters(
  select: RunSelect,
  filters: PipelineRunQuery['filters'],
  dialect: StoreDialect,
): RunSelect | undefined {
  let query = select;
  for (const filter of filters ?? []) {
    if (!(PipelineRunFilterOperands as readonly string[]).includes(filter.operand)) {
      throw invalidQuery(
        `Unknown filter operand ${String(filter.operand)}; use one of ${PipelineRunFilterOperands.join(', ')}.`,
      );
    }
    if (!Array.isArray(filter.values) || filter.values.some((value) => typeof value !== 'string')) {
      throw invalidQuery(`The values of the ${filter.operand} filter must be a list of strings.`);
    }
    const values = filter.values;
    const column = filterExpression(filter.operand, dialect);
    switch (filter.operator) {
      case 'Equals':
      case 'In':
        if (values.length === 0) return undefined;
        query =
          values.length === 1
            ? query.where(column, '=', values[0] as string)
            : query.where(column, 'in', values);
        break;
      case 'NotEquals':
      case 'NotIn':
        if (values.length === 0) break;
        query =
          values.length === 1
            ? query.where(column, '<>', values[0] as string)
            : query.where(column, 'not in', values);
        break;
      default:
        throw invalidQuery(
          `Unknown filter operator ${String(filter.operator)}; use one of ${FILTER_OPERATORS.join(', ')}.`,
        );
    }
  }
  return query;
}

/** Rows strictly after `key` in the order `key` belongs to. */
function afterKey(eb: RunExpressions, key: PageKey) {
  const column = key.orderBy === 'RunStart' ? 'run_start' : 'run_end';
  const beyond = key.order === 'ASC' ? '>' : '<';
  const sameKeyLaterRunId = (sameKey: ReturnType<RunExpressions>) =>
    eb.and([sameKey, eb('run_id', beyond, key.runId)]);
  if (key.sortKey === null) {
    // Only RunEnd can be null: unfinished runs come last ascending, first descending.
    const unfinishedAfter = sameKeyLaterRunId(eb(column, 'is', null));
    return key.order === 'ASC'
      ? unfinishedAfter
      : eb.or([unfinishedAfter, eb(column, 'is not', null)]);
  }
  const keyed = [eb(column, beyond, key.sortKey), sameKeyLaterRunId(eb(column, '=', key.sortKey))];
  if (key.orderBy === 'RunEnd' && key.order === 'ASC') keyed.push(eb(column, 'is', null));
  return eb.or(keyed);
}

function ordered(select: RunSelect, order: RunOrder): RunSelect {
  const direction = order.order === 'ASC' ? 'asc' : 'desc';
  if (order.orderBy === 'RunStart') {
    return select.orderBy('run_start', direction).orderBy('run_id', direction);
  }
  return select
    .orderBy('run_end', (item) =>
      direction === 'asc' ? item.asc().nullsLast() : item.desc().nullsFirst(),
    )
    .orderBy('run_id', direction);
}

export async function queryPipelineRuns(
  db: Kysely<StoreDatabase>,
  dialect: StoreDialect,
  query: PipelineRunQuery,
): Promise<PipelineRunPage> {
  const limit = pageSize(query.limit);
  const order = runOrder(query.orderBy);
  const after =
    query.continuationToken === undefined
      ? undefined
      : decodeContinuationToken(query.continuationToken, order);

  let select: RunSelect | undefined = db.selectFrom('pipeline_runs').selectAll();
  if (query.factoryName !== undefined)
    select = select.where('factory_name', '=', query.factoryName);
  if (query.lastUpdatedAfter !== undefined) {
    const instant = canonicalInstant(
      query.lastUpdatedAfter,
      'lastUpdatedAfter',
      'STORE_INVALID_QUERY',
    );
    select = select.where('last_updated', '>=', instant);
  }
  if (query.lastUpdatedBefore !== undefined) {
    const instant = canonicalInstant(
      query.lastUpdatedBefore,
      'lastUpdatedBefore',
      'STORE_INVALID_QUERY',
    );
    select = select.where('last_updated', '<', instant);
  }
  select = withFilters(select, query.filters, dialect);
  if (select === undefined) return { value: [] };
  if (after !== undefined) select = select.where((eb) => afterKey(eb, after));

  // One row more than the page tells whether another page follows, without a count.
  const rows = await ordered(select, order)
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit).map((row) => pipelineRunRecord(row, dialect));
  const last = page.at(-1);
  if (rows.length <= limit || last === undefined) return { value: page };
  return {
    value: page,
    continuationToken: encodeContinuationToken({
      orderBy: order.orderBy,
      order: order.order,
      sortKey: order.orderBy === 'RunStart' ? last.runStart : last.runEnd,
      runId: last.runId,
    }),
  };
}
