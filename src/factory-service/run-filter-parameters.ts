/**
 * Data Factory's `RunFilterParameters` (the body of `queryPipelineRuns` and
 * `queryActivityruns`), checked and turned into what the store answers. Operand, operator, order
 * and status names match ignoring letter case and come out in ADF's spelling. Pure.
 */
import type { ActivityRunView } from '../engine/run-views.js';
import {
  ActivityRunStatuses,
  PipelineRunFilterOperands,
  PipelineRunStatuses,
  type PipelineRunQuery,
} from '../store/store.js';
import { FactoryServiceError } from './factory-service-errors.js';

export interface RunQueryFilter {
  readonly operand: string;
  readonly operator: string;
  readonly values: readonly string[];
}

export interface RunQueryOrderBy {
  readonly orderBy: string;
  readonly order: string;
}

export interface RunFilterParameters {
  /** Runs updated at or after this instant (ISO 8601). ADF requires it; Millrace does not. */
  readonly lastUpdatedAfter?: string;
  /** Runs updated before this instant. ADF requires it; Millrace does not. */
  readonly lastUpdatedBefore?: string;
  readonly continuationToken?: string;
  /** All must hold. */
  readonly filters?: readonly RunQueryFilter[];
  /** At most one entry. (Default: RunStart DESC for pipeline runs, start order for activity runs.) */
  readonly orderBy?: readonly RunQueryOrderBy[];
}

const OPERATORS = ['Equals', 'NotEquals', 'In', 'NotIn'] as const;
type Operator = (typeof OPERATORS)[number];
const ORDERS = ['ASC', 'DESC'] as const;

function invalid(message: string, target?: string): FactoryServiceError {
  return new FactoryServiceError('FACTORY_INVALID_QUERY', message, {
    ...(target === undefined ? {} : { target }),
  });
}

/** The member of `allowed` equal to `value` ignoring case, or a FACTORY_INVALID_QUERY error. */
function oneOf<T extends string>(
  allowed: readonly T[],
  value: string,
  what: string,
  target: string,
): T {
  const found = allowed.find((candidate) => candidate.toLowerCase() === value.toLowerCase());
  if (found === undefined)
    throw invalid(
      `${what} ${JSON.stringify(value)} is not supported; use one of ${allowed.join(', ')}.`,
      target,
    );
  return found;
}

function singleOrder(
  orderBy: RunFilterParameters['orderBy'],
): { readonly entry: RunQueryOrderBy; readonly order: 'ASC' | 'DESC' } | undefined {
  if (orderBy === undefined || orderBy.length === 0) return undefined;
  const [entry, ...rest] = orderBy;
  if (entry === undefined || rest.length > 0)
    throw invalid('orderBy holds one entry at most in Millrace.', 'orderBy');
  return { entry, order: oneOf(ORDERS, entry.order, 'order', 'orderBy/0/order') };
}

/**
 * The store query for `queryPipelineRuns` of one factory. `pipelineName` gives a pipeline's
 * stored name for a name in any case, so that `PipelineName` filters ignore case as names do.
 */
export function pipelineRunQuery(
  parameters: RunFilterParameters,
  options: {
    readonly factoryName: string;
    readonly pageSize: number;
    readonly pipelineName: (name: string) => string;
  },
): PipelineRunQuery {
  const filters = (parameters.filters ?? []).map((filter, index) => {
    const target = `filters/${index}`;
    const operand = oneOf(
      PipelineRunFilterOperands,
      filter.operand,
      'operand',
      `${target}/operand`,
    );
    const operator = oneOf(OPERATORS, filter.operator, 'operator', `${target}/operator`);
    const values = filter.values.map((value) => {
      if (operand === 'Status')
        return oneOf(PipelineRunStatuses, value, 'Status value', `${target}/values`);
      if (operand === 'PipelineName') return options.pipelineName(value);
      return value;
    });
    return { operand, operator, values };
  });
  const order = singleOrder(parameters.orderBy);
  return {
    factoryName: options.factoryName,
    limit: options.pageSize,
    filters,
    ...(order === undefined
      ? {}
      : {
          orderBy: {
            orderBy: oneOf(
              ['RunStart', 'RunEnd'] as const,
              order.entry.orderBy,
              'orderBy',
              'orderBy/0/orderBy',
            ),
            order: order.order,
          },
        }),
    ...(parameters.lastUpdatedAfter === undefined
      ? {}
      : { lastUpdatedAfter: parameters.lastUpdatedAfter }),
    ...(parameters.lastUpdatedBefore === undefined
      ? {}
      : { lastUpdatedBefore: parameters.lastUpdatedBefore }),
    ...(parameters.continuationToken === undefined
      ? {}
      : { continuationToken: parameters.continuationToken }),
  };
}

const ACTIVITY_OPERANDS = ['ActivityName', 'ActivityType', 'Status'] as const;
const ACTIVITY_ORDERS = ['ActivityRunStart', 'ActivityRunEnd', 'ActivityName'] as const;

export interface ActivityRunPage<Run> {
  readonly value: readonly Run[];
  readonly continuationToken?: string;
}

/**
 * One page of a run's activity runs (`queryActivityruns`): filtered by operand, by the window on
 * when each last changed (its end, else its start), ordered, and cut into pages whose
 * continuation token is the offset of the next one.
 */
export function queryActivityRunViews<Run extends ActivityRunView>(
  runs: readonly Run[],
  parameters: RunFilterParameters,
  pageSize: number,
): ActivityRunPage<Run> {
  const after = instant(parameters.lastUpdatedAfter, 'lastUpdatedAfter');
  const before = instant(parameters.lastUpdatedBefore, 'lastUpdatedBefore');
  const tests = (parameters.filters ?? []).map((filter, index) => {
    const target = `filters/${index}`;
    const operand = oneOf(ACTIVITY_OPERANDS, filter.operand, 'operand', `${target}/operand`);
    const operator: Operator = oneOf(OPERATORS, filter.operator, 'operator', `${target}/operator`);
    const values =
      operand === 'Status'
        ? filter.values.map((value) =>
            oneOf(ActivityRunStatuses, value, 'Status value', `${target}/values`),
          )
        : filter.values;
    const field = (run: Run): string =>
      operand === 'ActivityName'
        ? run.activityName
        : operand === 'ActivityType'
          ? run.activityType
          : run.status;
    const positive = operator === 'Equals' || operator === 'In';
    return (run: Run) => values.includes(field(run)) === positive;
  });
  const selected = runs.filter((run) => {
    const changed = Date.parse(run.activityRunEnd ?? run.activityRunStart);
    if (after !== undefined && changed < after) return false;
    if (before !== undefined && changed >= before) return false;
    return tests.every((test) => test(run));
  });
  const order = singleOrder(parameters.orderBy);
  if (order !== undefined) {
    const by = oneOf(ACTIVITY_ORDERS, order.entry.orderBy, 'orderBy', 'orderBy/0/orderBy');
    const key = (run: Run): string =>
      by === 'ActivityName'
        ? run.activityName
        : by === 'ActivityRunEnd'
          ? // Unfinished runs sort as if they end after every finished one, as pipeline runs do.
            (run.activityRunEnd ?? '\uffff')
          : run.activityRunStart;
    const sign = order.order === 'ASC' ? 1 : -1;
    // Array.prototype.sort is stable: equal keys keep the start order.
    selected.sort((a, b) => sign * (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  }
  const offset = decodeOffset(parameters.continuationToken);
  const value = selected.slice(offset, offset + pageSize);
  const next = offset + pageSize;
  return next < selected.length ? { value, continuationToken: encodeOffset(next) } : { value };
}

function instant(value: string | undefined, what: string): number | undefined {
  if (value === undefined) return undefined;
  const millis = Date.parse(value);
  if (Number.isNaN(millis) || !/T.*(Z|[+-]\d{2}:\d{2})$/.test(value))
    throw invalid(
      `${what} must be an ISO 8601 date and time with a zone, such as 2026-01-31T10:00:00.000Z; got ${JSON.stringify(value)}.`,
      what,
    );
  return millis;
}

function encodeOffset(offset: number): string {
  return Buffer.from(JSON.stringify({ a: offset }), 'utf8').toString('base64url');
}

function decodeOffset(token: string | undefined): number {
  if (token === undefined) return 0;
  try {
    const { a } = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { a?: unknown };
    if (typeof a === 'number' && Number.isInteger(a) && a >= 0) return a;
  } catch {
    // Falls through to the error below.
  }
  throw invalid(
    'The continuationToken is not one this server issued for activity runs; start again without it.',
    'continuationToken',
  );
}
