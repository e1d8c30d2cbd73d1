/**
 * The ML runs list's filters as they live in the page's URL (`?status=failed&experiment=e2e`),
 * so a filtered list can be bookmarked and shared, and the paging through continuation tokens.
 * Pure.
 */
import {
  MlRunStatuses,
  TERMINAL_ML_RUN_STATUSES,
  type MlRunListQuery,
  type MlRunStatus,
} from './ml-workspace-api.js';

const ACTIVE_STATUSES = MlRunStatuses.filter(
  (status) => !TERMINAL_ML_RUN_STATUSES.includes(status),
);

/** The status choices of the list: a group of run-history statuses each. */
export const RUN_STATUS_FILTERS = {
  any: { label: 'Any status', statuses: undefined },
  active: { label: 'Queued or running', statuses: ACTIVE_STATUSES },
  completed: { label: 'Completed', statuses: ['Completed'] },
  failed: { label: 'Failed', statuses: ['Failed'] },
  canceled: { label: 'Canceled', statuses: ['Canceled'] },
} as const satisfies Record<
  string,
  { readonly label: string; readonly statuses: readonly MlRunStatus[] | undefined }
>;
export type RunStatusFilter = keyof typeof RUN_STATUS_FILTERS;

export interface RunFilters {
  /** (Default: 'any') */
  readonly status: RunStatusFilter;
  /** (Default: every experiment) */
  readonly experiment?: string;
}

function isStatusFilter(value: string): value is RunStatusFilter {
  return Object.hasOwn(RUN_STATUS_FILTERS, value);
}

/** Unknown or empty values read as the defaults. */
export function readRunFilters(params: URLSearchParams): RunFilters {
  const status = params.get('status') ?? '';
  const experiment = params.get('experiment')?.trim() ?? '';
  return {
    status: isStatusFilter(status) ? status : 'any',
    ...(experiment === '' ? {} : { experiment }),
  };
}

/** The search params of `filters`, defaults left out. */
export function runFilterParams(filters: RunFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.status !== 'any') params.set('status', filters.status);
  if (filters.experiment !== undefined && filters.experiment !== '') {
    params.set('experiment', filters.experiment);
  }
  return params;
}

export function runListQuery(
  filters: RunFilters,
  page: { readonly limit: number; readonly continuationToken?: string },
): MlRunListQuery {
  const statuses = RUN_STATUS_FILTERS[filters.status].statuses;
  return {
    ...(filters.experiment === undefined ? {} : { experimentName: filters.experiment }),
    ...(statuses === undefined ? {} : { statuses }),
    limit: page.limit,
    ...(page.continuationToken === undefined ? {} : { continuationToken: page.continuationToken }),
  };
}

/**
 * Pages read so far: the token of each page, the first one's undefined. Going back pops; going
 * forward pushes the token the current page answered with.
 */
export interface PageTrail {
  readonly tokens: readonly (string | undefined)[];
}

export const FIRST_PAGE: PageTrail = { tokens: [undefined] };

export function currentPageToken(trail: PageTrail): string | undefined {
  return trail.tokens.at(-1);
}

export function pageNumber(trail: PageTrail): number {
  return trail.tokens.length;
}

export function nextPage(trail: PageTrail, continuationToken: string): PageTrail {
  return { tokens: [...trail.tokens, continuationToken] };
}

export function previousPage(trail: PageTrail): PageTrail {
  return trail.tokens.length <= 1 ? FIRST_PAGE : { tokens: trail.tokens.slice(0, -1) };
}
