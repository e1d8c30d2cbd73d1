/**
 * The {@link MlWorkspaceStore} port over Kysely, shared by the SQLite and PostgreSQL adapters next
 * to `KyselyRunStore`; what differs between them comes in as a {@link StoreDialect}.
 *
 * Writes that touch several rows run in one transaction, and each such transaction starts by
 * writing: on PostgreSQL its first UPDATE takes the row lock that serialises it against others
 * on the same record (what `SELECT … FOR UPDATE` would), and on SQLite it takes the write lock at
 * once, so that processes sharing the file wait for each other (busy_timeout) instead of failing
 * when a read lock cannot be upgraded. Nothing here is on the engine's hot path, so queries are
 * built each time rather than prepared.
 */
import { randomUUID } from 'node:crypto';
import type { Insertable, Kysely } from 'kysely';
import { chunks } from './chunks.js';
import { decodeContinuationToken, encodeContinuationToken } from './continuation-token.js';
import { guardDriverErrors, type IntegrityMessages } from './driver-errors.js';
import { canonicalInstant } from './instants.js';
import {
  endpointRecord,
  endpointRows,
  experimentRecord,
  experimentSummaryRecord,
  metricRows,
  metricsByStepRun,
  mlRunRecord,
  mlRunRow,
  mlRunUpdate,
  NO_REUSE_COMPONENTS,
  publishedPipelineRecord,
  publishedPipelineRow,
  stepRunRecord,
  stepRunRow,
  stepRunUpdate,
  versionName,
  versionOrdinal,
  type MlEndpointVersionRow,
  type MlPipelineEndpointRow,
  type MlStepRunRow,
} from './ml-record-mapping.js';
import {
  MlRunStatuses,
  TERMINAL_ML_RUN_STATUSES,
  type MlEndpointVersion,
  type MlExperimentRecord,
  type MlExperimentSummary,
  type MlMetricValue,
  type MlPipelineEndpointRecord,
  type MlPublishedPipelineRecord,
  type MlPublishedPipelineStatus,
  type MlRunPage,
  type MlRunQuery,
  type MlRunRecord,
  type MlRunStatus,
  type MlRunTransition,
  type MlStepRunRecord,
  type MlWorkspaceStore,
} from './ml-store.js';
import { pageSize } from './pipeline-run-query.js';
import type { StoreDatabase } from './schema.js';
import type { StoreDialect } from './store-dialect.js';
import { StoreError } from './store-error.js';

type Db = Kysely<StoreDatabase>;

/** ML runs that a process should be driving; without a live lease they are orphans. */
const UNFINISHED_ML_RUN_STATUSES = MlRunStatuses.filter(
  (status) => !TERMINAL_ML_RUN_STATUSES.includes(status),
);

/** `queryMlRuns` pages newest first; its continuation tokens belong to this order. */
const ML_RUN_ORDER = { orderBy: 'CreatedAt', order: 'DESC' } as const;

function notFound(what: string, hint: string): StoreError {
  return new StoreError('STORE_RECORD_NOT_FOUND', `${what} does not exist. ${hint}`);
}

function instantArgument(value: string, what: string): string {
  return canonicalInstant(value, what, 'STORE_INVALID_RECORD');
}

export class KyselyMlStore implements MlWorkspaceStore {
  constructor(
    private readonly db: Db,
    private readonly dialect: StoreDialect,
  ) {}

  /** Runs `work` with driver errors turned into coded errors (`messages` for integrity ones). */
  private guarded<T>(messages: IntegrityMessages | undefined, work: () => Promise<T>): Promise<T> {
    return guardDriverErrors(this.dialect, messages, work);
  }

  /** Inserts rows in as few statements as the driver's parameter limit allows. */
  private async insertAll<Table extends keyof StoreDatabase>(
    db: Db,
    table: Table,
    rows: readonly Insertable<StoreDatabase[Table]>[],
  ): Promise<void> {
    const first = rows[0];
    if (first === undefined) return;
    const perStatement = Math.floor(this.dialect.maxParameters / Object.keys(first).length);
    for (const chunk of chunks(rows, perStatement)) {
      await db
        .insertInto(table)
        .values(chunk as Insertable<StoreDatabase[Table]>[])
        .execute();
    }
  }

  // -------------------------------------------------------------------------------------------
  // Published pipelines

  async createPublishedPipeline(record: MlPublishedPipelineRecord): Promise<void> {
    const row = publishedPipelineRow(record, this.dialect);
    await this.guarded(
      {
        conflict: `Cannot create published pipeline ${record.id}: one with this id exists. Published pipelines never change; publish a new one with a new id.`,
        missingReference: `Cannot create published pipeline ${record.id}: it refers to a record that does not exist.`,
      },
      () => this.db.insertInto('ml_published_pipelines').values(row).execute(),
    );
  }

  async getPublishedPipeline(id: string): Promise<MlPublishedPipelineRecord | undefined> {
    const row = await this.guarded(undefined, () =>
      this.db
        .selectFrom('ml_published_pipelines')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst(),
    );
    return row === undefined ? undefined : publishedPipelineRecord(row, this.dialect);
  }

  async listPublishedPipelines(options: {
    readonly activeOnly: boolean;
  }): Promise<readonly MlPublishedPipelineRecord[]> {
    let select = this.db.selectFrom('ml_published_pipelines').selectAll();
    if (options.activeOnly) select = select.where('status', '=', 'Active');
    const rows = await this.guarded(undefined, () =>
      select.orderBy('created_at', 'desc').orderBy('id', 'desc').execute(),
    );
    return rows.map((row) => publishedPipelineRecord(row, this.dialect));
  }

  async setPublishedPipelineStatus(
    id: string,
    status: MlPublishedPipelineStatus,
    at: string,
  ): Promise<void> {
    const lastModified = instantArgument(at, 'at');
    const result = await this.guarded(undefined, () =>
      this.db
        .updateTable('ml_published_pipelines')
        .set({ status, last_modified: lastModified })
        .where('id', '=', id)
        .executeTakeFirst(),
    );
    if (result.numUpdatedRows === 0n) {
      throw notFound(`Published pipeline ${id}`, 'List the published pipelines to find its id.');
    }
  }

  // -------------------------------------------------------------------------------------------
  // Pipeline endpoints

  async createEndpoint(record: MlPipelineEndpointRecord): Promise<void> {
    const rows = endpointRows(record);
    await this.guarded(
      {
        conflict: `Cannot create pipeline endpoint ${JSON.stringify(record.name)} (${record.id}): an endpoint with this id, or with this name in any letter case, exists. Endpoint names are unique in the workspace; choose another name, or add a version to the existing endpoint.`,
        missingReference: `Cannot create pipeline endpoint ${JSON.stringify(record.name)}: a version points at a published pipeline that does not exist (${record.versions.map((version) => version.pipelineId).join(', ')}). Publish the pipeline first.`,
      },
      () =>
        this.db.transaction().execute(async (trx) => {
          await trx.insertInto('ml_pipeline_endpoints').values(rows.endpoint).execute();
          await this.insertAll(trx, 'ml_endpoint_versions', rows.versions);
        }),
    );
  }

  private async versionsOf(
    endpoints: readonly MlPipelineEndpointRow[],
  ): Promise<MlPipelineEndpointRecord[]> {
    const ids = endpoints.map((endpoint) => endpoint.id);
    const versions: MlEndpointVersionRow[] = [];
    for (const chunk of chunks(ids, this.dialect.maxParameters)) {
      versions.push(
        ...(await this.db
          .selectFrom('ml_endpoint_versions')
          .selectAll()
          .where('endpoint_id', 'in', chunk)
          .execute()),
      );
    }
    const byEndpoint = new Map<string, MlEndpointVersionRow[]>();
    for (const version of versions) {
      const list = byEndpoint.get(version.endpoint_id);
      if (list === undefined) byEndpoint.set(version.endpoint_id, [version]);
      else list.push(version);
    }
    return endpoints.map((endpoint) => endpointRecord(endpoint, byEndpoint.get(endpoint.id) ?? []));
  }

  async getEndpoint(id: string): Promise<MlPipelineEndpointRecord | undefined> {
    return this.guarded(undefined, async () => {
      const row = await this.db
        .selectFrom('ml_pipeline_endpoints')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return row === undefined ? undefined : (await this.versionsOf([row]))[0];
    });
  }

  async getEndpointByName(name: string): Promise<MlPipelineEndpointRecord | undefined> {
    return this.guarded(undefined, async () => {
      // lower() on both sides, as in the unique index, so that the index finds it.
      const row = await this.db
        .selectFrom('ml_pipeline_endpoints')
        .selectAll()
        .where((eb) => eb(eb.fn('lower', ['name']), '=', eb.fn('lower', [eb.val(name)])))
        .executeTakeFirst();
      return row === undefined ? undefined : (await this.versionsOf([row]))[0];
    });
  }

  async listEndpoints(options: {
    readonly activeOnly: boolean;
  }): Promise<readonly MlPipelineEndpointRecord[]> {
    return this.guarded(undefined, async () => {
      let select = this.db.selectFrom('ml_pipeline_endpoints').selectAll();
      if (options.activeOnly) select = select.where('status', '=', 'Active');
      const rows = await select.orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
      return this.versionsOf(rows);
    });
  }

  async addEndpointVersion(
    endpointId: string,
    pipelineId: string,
    options: { readonly makeDefault: boolean; readonly at: string },
  ): Promise<MlEndpointVersion> {
    const at = instantArgument(options.at, 'at');
    return this.guarded(
      {
        conflict: `Cannot add a version to pipeline endpoint ${endpointId}: another version got the same number. Try again.`,
        missingReference: `Cannot add published pipeline ${pipelineId} to pipeline endpoint ${endpointId}: the published pipeline does not exist. Publish it first.`,
      },
      () =>
        this.db.transaction().execute(async (trx) => {
          // First the write that locks the endpoint: concurrent adds wait here, then number after.
          const touched = await trx
            .updateTable('ml_pipeline_endpoints')
            .set({ last_modified: at })
            .where('id', '=', endpointId)
            .executeTakeFirst();
          if (touched.numUpdatedRows === 0n) {
            throw notFound(`Pipeline endpoint ${endpointId}`, 'Create the endpoint first.');
          }
          const { last } = await trx
            .selectFrom('ml_endpoint_versions')
            .select((eb) => eb.fn.max('ordinal').as('last'))
            .where('endpoint_id', '=', endpointId)
            .executeTakeFirstOrThrow();
          const ordinal = last === null ? 0 : Number(last) + 1;
          await trx
            .insertInto('ml_endpoint_versions')
            .values({ endpoint_id: endpointId, ordinal, pipeline_id: pipelineId, added_at: at })
            .execute();
          const version = versionName(ordinal);
          if (options.makeDefault) {
            await trx
              .updateTable('ml_pipeline_endpoints')
              .set({ default_version: version })
              .where('id', '=', endpointId)
              .execute();
          }
          return { version, pipelineId, addedAt: at };
        }),
    );
  }

  async updateEndpoint(
    endpointId: string,
    patch: Partial<
      Pick<MlPipelineEndpointRecord, 'name' | 'description' | 'status' | 'defaultVersion'>
    >,
    at: string,
  ): Promise<void> {
    const lastModified = instantArgument(at, 'at');
    const { name, description, status, defaultVersion } = patch;
    await this.guarded(
      {
        conflict: `Cannot rename pipeline endpoint ${endpointId} to ${JSON.stringify(name)}: another endpoint has this name (names are unique ignoring letter case). Choose another name.`,
        missingReference: `Cannot update pipeline endpoint ${endpointId}: it refers to a record that does not exist.`,
      },
      () =>
        this.db.transaction().execute(async (trx) => {
          const updated = await trx
            .updateTable('ml_pipeline_endpoints')
            .set({
              last_modified: lastModified,
              ...(name === undefined ? {} : { name }),
              ...(description === undefined ? {} : { description }),
              ...(status === undefined ? {} : { status }),
              ...(defaultVersion === undefined ? {} : { default_version: defaultVersion }),
            })
            .where('id', '=', endpointId)
            .executeTakeFirst();
          if (updated.numUpdatedRows === 0n) {
            throw notFound(`Pipeline endpoint ${endpointId}`, 'List the endpoints to find its id.');
          }
          if (defaultVersion === undefined) return;
          // Versions are never removed, so one found here stays while the default points at it.
          const ordinal = versionOrdinal(defaultVersion);
          const found =
            ordinal === undefined
              ? undefined
              : await trx
                  .selectFrom('ml_endpoint_versions')
                  .select('ordinal')
                  .where('endpoint_id', '=', endpointId)
                  .where('ordinal', '=', ordinal)
                  .executeTakeFirst();
          if (found === undefined) {
            throw new StoreError(
              'STORE_CONSTRAINT_VIOLATED',
              `Cannot make version ${JSON.stringify(defaultVersion)} the default of pipeline endpoint ${endpointId}: the endpoint has no such version. Pick one of its versions, or add the pipeline as a new version first.`,
            );
          }
        }),
    );
  }

  // -------------------------------------------------------------------------------------------
  // Experiments

  async ensureExperiment(name: string, at: string): Promise<MlExperimentRecord> {
    const createdAt = instantArgument(at, 'at');
    return this.guarded(undefined, async () => {
      // Whoever inserts first wins; the others insert nothing and read the winner's row.
      await this.db
        .insertInto('ml_experiments')
        .values({ id: randomUUID(), name, created_at: createdAt })
        .onConflict((conflict) => conflict.column('name').doNothing())
        .execute();
      const row = await this.db
        .selectFrom('ml_experiments')
        .selectAll()
        .where('name', '=', name)
        .executeTakeFirstOrThrow();
      return experimentRecord(row);
    });
  }

  async listExperiments(): Promise<readonly MlExperimentRecord[]> {
    const rows = await this.guarded(undefined, () =>
      this.db.selectFrom('ml_experiments').selectAll().orderBy('name', 'asc').execute(),
    );
    return rows.map(experimentRecord);
  }

  async listExperimentSummaries(): Promise<readonly MlExperimentSummary[]> {
    // Correlated subqueries, each a range of the (experiment_name, created_at, id) index: the
    // database counts and picks the newest run; no run row but the newest is read.
    const rows = await this.guarded(undefined, () =>
      this.db
        .selectFrom('ml_experiments as e')
        .leftJoin('ml_runs as last', (join) =>
          join.on('last.id', '=', (eb) =>
            eb
              .selectFrom('ml_runs as newest')
              .select('newest.id')
              .whereRef('newest.experiment_name', '=', 'e.name')
              .orderBy('newest.created_at', 'desc')
              .orderBy('newest.id', 'desc')
              .limit(1),
          ),
        )
        .select((eb) => [
          'e.id',
          'e.name',
          'e.created_at',
          eb
            .selectFrom('ml_runs as counted')
            .select((count) => count.fn.countAll().as('runs'))
            .whereRef('counted.experiment_name', '=', 'e.name')
            .as('run_count'),
          'last.id as last_run_id',
          'last.status as last_run_status',
          'last.pipeline_name as last_run_pipeline_name',
          'last.created_at as last_run_created_at',
          'last.start_time as last_run_start_time',
          'last.end_time as last_run_end_time',
        ])
        .orderBy((eb) => eb.fn.coalesce('last.created_at', 'e.created_at'), 'desc')
        .orderBy('e.name', 'asc')
        .execute(),
    );
    return rows.map(experimentSummaryRecord);
  }

  // -------------------------------------------------------------------------------------------
  // ML runs and step runs

  async createMlRun(run: MlRunRecord, stepRuns: readonly MlStepRunRecord[]): Promise<void> {
    // Everything is converted (and validated) before anything is written.
    const runRow = mlRunRow(run, this.dialect);
    const stepRunRows = stepRuns.map((stepRun) => {
      if (stepRun.runId !== run.id) {
        throw new StoreError(
          'STORE_INVALID_RECORD',
          `Step run ${stepRun.id} belongs to ML run ${stepRun.runId}, not to ${run.id} that is being created with it.`,
        );
      }
      return stepRunRow(stepRun, this.dialect);
    });
    const metrics = stepRuns.flatMap((stepRun) => metricRows(stepRun.id, stepRun.metrics));
    await this.guarded(
      {
        conflict: `Cannot create ML run ${run.id}: the run, or one of its ${stepRuns.length} step runs, has an id that exists (or is repeated). Ids must be new.`,
        missingReference: `Cannot create ML run ${run.id}: its experiment ${JSON.stringify(run.experimentName)} or its published pipeline ${run.pipelineId} does not exist. Call ensureExperiment and publish the pipeline first.`,
      },
      () =>
        this.db.transaction().execute(async (trx) => {
          await trx.insertInto('ml_runs').values(runRow).execute();
          await this.insertAll(trx, 'ml_step_runs', stepRunRows);
          await this.insertAll(trx, 'ml_step_metrics', metrics);
        }),
    );
  }

  async getMlRun(id: string): Promise<MlRunRecord | undefined> {
    const row = await this.guarded(undefined, () =>
      this.db.selectFrom('ml_runs').selectAll().where('id', '=', id).executeTakeFirst(),
    );
    return row === undefined ? undefined : mlRunRecord(row, this.dialect);
  }

  async queryMlRuns(query: MlRunQuery): Promise<MlRunPage> {
    const limit = pageSize(query.limit);
    const after =
      query.continuationToken === undefined
        ? undefined
        : decodeContinuationToken(query.continuationToken, ML_RUN_ORDER);
    let select = this.db.selectFrom('ml_runs').selectAll();
    if (query.experimentName !== undefined) {
      select = select.where('experiment_name', '=', query.experimentName);
    }
    if (query.pipelineId !== undefined) select = select.where('pipeline_id', '=', query.pipelineId);
    if (query.pipelineEndpointId !== undefined) {
      select = select.where('pipeline_endpoint_id', '=', query.pipelineEndpointId);
    }
    if (query.statuses !== undefined) {
      if (query.statuses.length === 0) return { value: [] };
      select = select.where('status', 'in', query.statuses);
    }
    if (after !== undefined) {
      const { sortKey, runId } = after;
      if (sortKey === null) {
        // decodeContinuationToken refuses a null key for an order whose key is always set.
        throw new StoreError(
          'STORE_INVALID_CONTINUATION_TOKEN',
          'The continuation token does not decode.',
        );
      }
      select = select.where((eb) =>
        eb.or([
          eb('created_at', '<', sortKey),
          eb.and([eb('created_at', '=', sortKey), eb('id', '<', runId)]),
        ]),
      );
    }
    // One row more than the page tells whether another page follows, without a count.
    const rows = await this.guarded(undefined, () =>
      select
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit + 1)
        .execute(),
    );
    const page = rows.slice(0, limit).map((row) => mlRunRecord(row, this.dialect));
    const last = page.at(-1);
    if (rows.length <= limit || last === undefined) return { value: page };
    return {
      value: page,
      continuationToken: encodeContinuationToken({
        ...ML_RUN_ORDER,
        sortKey: last.createdAt,
        runId: last.id,
      }),
    };
  }

  /** Step run records of these rows, with their metrics. */
  private async withMetrics(rows: readonly MlStepRunRow[]): Promise<MlStepRunRecord[]> {
    const metricRowsRead = [];
    for (const chunk of chunks(
      rows.map((row) => row.id),
      this.dialect.maxParameters,
    )) {
      metricRowsRead.push(
        ...(await this.db
          .selectFrom('ml_step_metrics')
          .selectAll()
          .where('step_run_id', 'in', chunk)
          .orderBy('seq', 'asc')
          .execute()),
      );
    }
    // Across chunks rows are grouped by step run, so each one's values stay in `seq` order.
    const metrics = metricsByStepRun(metricRowsRead, this.dialect);
    return rows.map((row) => stepRunRecord(row, metrics.get(row.id) ?? {}, this.dialect));
  }

  async listStepRuns(runId: string): Promise<readonly MlStepRunRecord[]> {
    return this.guarded(undefined, async () => {
      const rows = await this.db
        .selectFrom('ml_step_runs')
        .selectAll()
        .where('run_id', '=', runId)
        .orderBy('seq', 'asc')
        .execute();
      return this.withMetrics(rows);
    });
  }

  async getStepRun(id: string): Promise<MlStepRunRecord | undefined> {
    return this.guarded(undefined, async () => {
      const row = await this.db
        .selectFrom('ml_step_runs')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return row === undefined ? undefined : (await this.withMetrics([row]))[0];
    });
  }

  async commitMlRun(transition: MlRunTransition): Promise<boolean> {
    // Everything is converted (and validated) before anything is written.
    const at = instantArgument(transition.at, 'transition.at');
    const { runId } = transition;
    const runSet = mlRunUpdate(runId, transition.runPatch ?? {}, at, this.dialect);
    const stepRunUpdates = (transition.updateStepRuns ?? []).map(({ id, patch }) => ({
      id,
      set: stepRunUpdate(id, patch, this.dialect),
      metrics: patch.metrics === undefined ? undefined : metricRows(id, patch.metrics),
    }));
    const requiredStatuses = transition.requireRunStatusIn;
    return this.guarded(undefined, () =>
      this.db.transaction().execute(async (trx) => {
        let update = trx.updateTable('ml_runs').set(runSet).where('id', '=', runId);
        if (requiredStatuses !== undefined) {
          update = update.where('status', 'in', [...requiredStatuses, '' as MlRunStatus]);
        }
        const updated = await update.executeTakeFirst();
        if (updated.numUpdatedRows === 0n) {
          const exists = await trx
            .selectFrom('ml_runs')
            .select('id')
            .where('id', '=', runId)
            .executeTakeFirst();
          if (exists !== undefined && requiredStatuses !== undefined) return false;
          throw notFound(`ML run ${runId}`, 'Create it first (createMlRun).');
        }
        for (const update of stepRunUpdates) {
          const found =
            Object.keys(update.set).length > 0
              ? (
                  await trx
                    .updateTable('ml_step_runs')
                    .set(update.set)
                    .where('id', '=', update.id)
                    .where('run_id', '=', runId)
                    .executeTakeFirst()
                ).numUpdatedRows > 0n
              : (await trx
                  .selectFrom('ml_step_runs')
                  .select('id')
                  .where('id', '=', update.id)
                  .where('run_id', '=', runId)
                  .executeTakeFirst()) !== undefined;
          if (!found) {
            throw notFound(
              `Step run ${update.id} of ML run ${runId}`,
              'Step runs are created with their run (createMlRun); patch only those of this run.',
            );
          }
          if (update.metrics !== undefined) {
            await trx.deleteFrom('ml_step_metrics').where('step_run_id', '=', update.id).execute();
            await this.insertAll(trx, 'ml_step_metrics', update.metrics);
          }
        }
        return true;
      }),
    );
  }

  async appendStepMetrics(
    stepRunId: string,
    metrics: Readonly<Record<string, readonly MlMetricValue[]>>,
  ): Promise<void> {
    const rows = metricRows(stepRunId, metrics);
    const missing = notFound(`Step run ${stepRunId}`, 'Log metrics only for step runs of a run.');
    await this.guarded(
      {
        conflict: `Cannot log metrics of step run ${stepRunId}: a metric value conflicts with a stored one.`,
        missingReference: missing.message,
      },
      async () => {
        if (rows.length > 0) {
          await this.db
            .transaction()
            .execute((trx) => this.insertAll(trx, 'ml_step_metrics', rows));
          return;
        }
        const found = await this.db
          .selectFrom('ml_step_runs')
          .select('id')
          .where('id', '=', stepRunId)
          .executeTakeFirst();
        if (found === undefined) throw missing;
      },
    );
  }

  async findReusableStepRun(reuseKey: string): Promise<MlStepRunRecord | undefined> {
    return this.guarded(undefined, async () => {
      const row = await this.db
        .selectFrom('ml_step_runs')
        .selectAll()
        .where('reuse_key', '=', reuseKey)
        .where('status', '=', 'Completed')
        .orderBy('seq', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row === undefined ? undefined : (await this.withMetrics([row]))[0];
    });
  }

  async findPreviousStepRun(
    pipelineName: string,
    stepName: string,
    excludeRunId: string,
  ): Promise<MlStepRunRecord | undefined> {
    return this.guarded(undefined, async () => {
      const row = await this.db
        .selectFrom('ml_step_runs')
        .innerJoin('ml_runs', 'ml_runs.id', 'ml_step_runs.run_id')
        .selectAll('ml_step_runs')
        .where('ml_runs.pipeline_name', '=', pipelineName)
        .where('ml_step_runs.step_name', '=', stepName)
        .where('ml_step_runs.run_id', '<>', excludeRunId)
        .where('ml_step_runs.reuse_components', '<>', NO_REUSE_COMPONENTS)
        .orderBy('ml_step_runs.seq', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row === undefined ? undefined : (await this.withMetrics([row]))[0];
    });
  }

  // -------------------------------------------------------------------------------------------
  // Leases, as on pipeline runs

  async acquireMlRunLease(
    runId: string,
    owner: string,
    now: string,
    expiresAt: string,
  ): Promise<boolean> {
    const nowInstant = instantArgument(now, 'now');
    const until = instantArgument(expiresAt, 'expiresAt');
    const result = await this.guarded(undefined, () =>
      this.db
        .updateTable('ml_runs')
        .set({ lease_owner: owner, lease_expires_at: until })
        .where('id', '=', runId)
        .where((eb) =>
          eb.or([
            eb('lease_owner', 'is', null),
            eb('lease_owner', '=', owner),
            eb('lease_expires_at', '<', nowInstant),
          ]),
        )
        .executeTakeFirst(),
    );
    return result.numUpdatedRows > 0n;
  }

  async renewMlRunLeases(owner: string, expiresAt: string): Promise<void> {
    const until = instantArgument(expiresAt, 'expiresAt');
    await this.guarded(undefined, () =>
      this.db
        .updateTable('ml_runs')
        .set({ lease_expires_at: until })
        .where('lease_owner', '=', owner)
        .execute(),
    );
  }

  async releaseMlRunLease(runId: string, owner: string): Promise<void> {
    await this.guarded(undefined, () =>
      this.db
        .updateTable('ml_runs')
        .set({ lease_owner: null, lease_expires_at: null })
        .where('id', '=', runId)
        .where('lease_owner', '=', owner)
        .execute(),
    );
  }

  async findOrphanedMlRuns(now: string): Promise<readonly string[]> {
    const nowInstant = canonicalInstant(now, 'now', 'STORE_INVALID_QUERY');
    const rows = await this.guarded(undefined, () =>
      this.db
        .selectFrom('ml_runs')
        .select('id')
        .where('status', 'in', UNFINISHED_ML_RUN_STATUSES)
        .where((eb) =>
          eb.or([eb('lease_owner', 'is', null), eb('lease_expires_at', '<', nowInstant)]),
        )
        .orderBy('created_at', 'asc')
        .orderBy('id', 'asc')
        .execute(),
    );
    return rows.map((row) => row.id);
  }
}
