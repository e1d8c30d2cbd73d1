/**
 * The SQLite schema, as an append-only list of migrations (never edit one that has shipped; add
 * the next). STRICT tables; JSON and instants as TEXT (instants in `toISOString()` form, so text
 * order is time order); booleans as 0/1.
 */
import { sql, type Kysely, type Migration, type MigrationResult } from 'kysely';
import { migrateToLatest } from '../migrate.js';

export const sqliteMigrations: Readonly<Record<string, Migration>> = {
  '0001_runs': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('pipeline_runs')
        .addColumn('run_id', 'text', (column) => column.primaryKey().notNull())
        .addColumn('run_group_id', 'text', (column) => column.notNull())
        .addColumn('pipeline_name', 'text', (column) => column.notNull())
        .addColumn('factory_name', 'text', (column) => column.notNull())
        .addColumn('parameters', 'text', (column) => column.notNull())
        .addColumn('invoked_by', 'text', (column) => column.notNull())
        .addColumn('status', 'text', (column) => column.notNull())
        .addColumn('message', 'text', (column) => column.notNull())
        .addColumn('run_start', 'text', (column) => column.notNull())
        .addColumn('run_end', 'text')
        .addColumn('duration_in_ms', 'integer')
        .addColumn('last_updated', 'text', (column) => column.notNull())
        .addColumn('output', 'text', (column) => column.notNull())
        .addColumn('variables', 'text', (column) => column.notNull())
        .addColumn('definition', 'text', (column) => column.notNull())
        .addColumn('factory_snapshot', 'text', (column) => column.notNull())
        .addColumn('parent_run_id', 'text')
        .addColumn('parent_activity_run_id', 'text')
        .addColumn('reference_pipeline_run_id', 'text')
        .addColumn('is_latest', 'integer', (column) => column.notNull())
        .addColumn('cancel_requested', 'integer', (column) => column.notNull())
        .addColumn('lease_owner', 'text')
        .addColumn('lease_expires_at', 'text')
        .modifyEnd(sql`strict`)
        .execute();
      await db.schema
        .createIndex('pipeline_runs_by_run_start')
        .on('pipeline_runs')
        .columns(['run_start', 'run_id'])
        .execute();
      await db.schema
        .createIndex('pipeline_runs_by_run_end')
        .on('pipeline_runs')
        .columns(['run_end', 'run_id'])
        .execute();
      await db.schema
        .createIndex('pipeline_runs_by_last_updated')
        .on('pipeline_runs')
        .column('last_updated')
        .execute();
      await db.schema
        .createIndex('pipeline_runs_by_status')
        .on('pipeline_runs')
        .column('status')
        .execute();
      await db.schema
        .createIndex('pipeline_runs_by_parent')
        .on('pipeline_runs')
        .column('parent_run_id')
        .where(sql.ref('parent_run_id'), 'is not', null)
        .execute();
      await db.schema
        .createIndex('pipeline_runs_by_lease_owner')
        .on('pipeline_runs')
        .column('lease_owner')
        .where(sql.ref('lease_owner'), 'is not', null)
        .execute();

      await db.schema
        .createTable('activity_runs')
        // The rowid: insertion order, which breaks ties between runs that started together.
        .addColumn('seq', 'integer', (column) => column.primaryKey().notNull())
        .addColumn('activity_run_id', 'text', (column) => column.notNull().unique())
        .addColumn('pipeline_run_id', 'text', (column) =>
          column.notNull().references('pipeline_runs.run_id').onDelete('cascade'),
        )
        .addColumn('scope', 'text', (column) => column.notNull())
        .addColumn('activity_name', 'text', (column) => column.notNull())
        .addColumn('activity_type', 'text', (column) => column.notNull())
        .addColumn('attempt', 'integer', (column) => column.notNull())
        .addColumn('status', 'text', (column) => column.notNull())
        .addColumn('input', 'text', (column) => column.notNull())
        .addColumn('output', 'text', (column) => column.notNull())
        .addColumn('error', 'text')
        .addColumn('activity_run_start', 'text', (column) => column.notNull())
        .addColumn('activity_run_end', 'text')
        .addColumn('duration_in_ms', 'integer')
        .addColumn('child_run_id', 'text')
        .addColumn('state', 'text', (column) => column.notNull())
        .addColumn('copied_from_activity_run_id', 'text')
        .modifyEnd(sql`strict`)
        .execute();
      await db.schema
        .createIndex('activity_runs_by_run')
        .on('activity_runs')
        .columns(['pipeline_run_id', 'activity_run_start', 'seq'])
        .execute();
      await db.schema
        .createIndex('activity_runs_by_run_scope')
        .on('activity_runs')
        .columns(['pipeline_run_id', 'scope'])
        .execute();
    },
  },
  '0002_ml_workspace': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('ml_published_pipelines')
        .addColumn('id', 'text', (column) => column.primaryKey().notNull())
        .addColumn('name', 'text', (column) => column.notNull())
        .addColumn('description', 'text', (column) => column.notNull())
        .addColumn('version', 'text', (column) => column.notNull())
        .addColumn('status', 'text', (column) => column.notNull())
        .addColumn('snapshot_hash', 'text', (column) => column.notNull())
        .addColumn('definition', 'text', (column) => column.notNull())
        .addColumn('interface', 'text', (column) => column.notNull())
        .addColumn('continue_on_step_failure', 'integer', (column) => column.notNull())
        .addColumn('created_by', 'text')
        .addColumn('created_at', 'text', (column) => column.notNull())
        .addColumn('last_modified', 'text', (column) => column.notNull())
        .modifyEnd(sql`strict`)
        .execute();
      await db.schema
        .createIndex('ml_published_pipelines_by_created_at')
        .on('ml_published_pipelines')
        .columns(['created_at', 'id'])
        .execute();

      await db.schema
        .createTable('ml_pipeline_endpoints')
        .addColumn('id', 'text', (column) => column.primaryKey().notNull())
        .addColumn('name', 'text', (column) => column.notNull())
        .addColumn('description', 'text', (column) => column.notNull())
        .addColumn('status', 'text', (column) => column.notNull())
        .addColumn('default_version', 'text', (column) => column.notNull())
        .addColumn('created_at', 'text', (column) => column.notNull())
        .addColumn('last_modified', 'text', (column) => column.notNull())
        .modifyEnd(sql`strict`)
        .execute();
      // Names are unique ignoring case (SQLite's lower() folds ASCII letters only).
      await db.schema
        .createIndex('ml_pipeline_endpoints_by_name')
        .on('ml_pipeline_endpoints')
        .unique()
        .expression(sql`lower(name)`)
        .execute();
      await db.schema
        .createIndex('ml_pipeline_endpoints_by_created_at')
        .on('ml_pipeline_endpoints')
        .columns(['created_at', 'id'])
        .execute();

      await db.schema
        .createTable('ml_endpoint_versions')
        .addColumn('endpoint_id', 'text', (column) =>
          column.notNull().references('ml_pipeline_endpoints.id').onDelete('cascade'),
        )
        // The version as a number: "0", "1", … in the order they were added.
        .addColumn('ordinal', 'integer', (column) => column.notNull())
        .addColumn('pipeline_id', 'text', (column) =>
          column.notNull().references('ml_published_pipelines.id'),
        )
        .addColumn('added_at', 'text', (column) => column.notNull())
        .addPrimaryKeyConstraint('ml_endpoint_versions_pkey', ['endpoint_id', 'ordinal'])
        .modifyEnd(sql`strict`)
        .execute();

      await db.schema
        .createTable('ml_experiments')
        .addColumn('id', 'text', (column) => column.primaryKey().notNull())
        .addColumn('name', 'text', (column) => column.notNull().unique())
        .addColumn('created_at', 'text', (column) => column.notNull())
        .modifyEnd(sql`strict`)
        .execute();

      await db.schema
        .createTable('ml_runs')
        .addColumn('id', 'text', (column) => column.primaryKey().notNull())
        .addColumn('experiment_name', 'text', (column) =>
          column.notNull().references('ml_experiments.name'),
        )
        .addColumn('pipeline_id', 'text', (column) =>
          column.notNull().references('ml_published_pipelines.id'),
        )
        .addColumn('pipeline_name', 'text', (column) => column.notNull())
        .addColumn('pipeline_endpoint_id', 'text')
        .addColumn('endpoint_version', 'text')
        .addColumn('description', 'text', (column) => column.notNull())
        .addColumn('run_source', 'text', (column) => column.notNull())
        .addColumn('status', 'text', (column) => column.notNull())
        .addColumn('parameters', 'text', (column) => column.notNull())
        .addColumn('data_paths', 'text', (column) => column.notNull())
        .addColumn('continue_on_step_failure', 'integer', (column) => column.notNull())
        .addColumn('regenerate_outputs', 'integer', (column) => column.notNull())
        .addColumn('parent_run_id', 'text')
        .addColumn('tags', 'text', (column) => column.notNull())
        .addColumn('created_by', 'text')
        .addColumn('created_at', 'text', (column) => column.notNull())
        .addColumn('start_time', 'text')
        .addColumn('end_time', 'text')
        .addColumn('error', 'text')
        .addColumn('cancel_requested', 'integer', (column) => column.notNull())
        .addColumn('last_modified', 'text', (column) => column.notNull())
        .addColumn('lease_owner', 'text')
        .addColumn('lease_expires_at', 'text')
        .modifyEnd(sql`strict`)
        .execute();
      await db.schema
        .createIndex('ml_runs_by_created_at')
        .on('ml_runs')
        .columns(['created_at', 'id'])
        .execute();
      await db.schema
        .createIndex('ml_runs_by_experiment')
        .on('ml_runs')
        .columns(['experiment_name', 'created_at', 'id'])
        .execute();
      await db.schema
        .createIndex('ml_runs_by_pipeline')
        .on('ml_runs')
        .columns(['pipeline_id', 'created_at', 'id'])
        .execute();
      await db.schema
        .createIndex('ml_runs_by_pipeline_name')
        .on('ml_runs')
        .columns(['pipeline_name', 'created_at'])
        .execute();
      await db.schema
        .createIndex('ml_runs_by_endpoint')
        .on('ml_runs')
        .columns(['pipeline_endpoint_id', 'created_at', 'id'])
        .where(sql.ref('pipeline_endpoint_id'), 'is not', null)
        .execute();
      await db.schema.createIndex('ml_runs_by_status').on('ml_runs').column('status').execute();
      await db.schema
        .createIndex('ml_runs_by_lease_owner')
        .on('ml_runs')
        .column('lease_owner')
        .where(sql.ref('lease_owner'), 'is not', null)
        .execute();

      await db.schema
        .createTable('ml_step_runs')
        // The rowid: creation order, for listing a run's steps and finding the newest.
        .addColumn('seq', 'integer', (column) => column.primaryKey().notNull())
        .addColumn('id', 'text', (column) => column.notNull().unique())
        .addColumn('run_id', 'text', (column) =>
          column.notNull().references('ml_runs.id').onDelete('cascade'),
        )
        .addColumn('step_name', 'text', (column) => column.notNull())
        .addColumn('step_type', 'text', (column) => column.notNull())
        .addColumn('status', 'text', (column) => column.notNull())
        .addColumn('attempt', 'integer', (column) => column.notNull())
        .addColumn('attempts', 'text', (column) => column.notNull())
        .addColumn('reused', 'integer', (column) => column.notNull())
        .addColumn('reused_from_run_id', 'text')
        .addColumn('reused_from_step_run_id', 'text')
        .addColumn('rerun_reason', 'text')
        .addColumn('reuse_key', 'text')
        .addColumn('reuse_components', 'text', (column) => column.notNull())
        .addColumn('outputs', 'text', (column) => column.notNull())
        .addColumn('logs', 'text', (column) => column.notNull())
        .addColumn('tags', 'text', (column) => column.notNull())
        .addColumn('progress', 'text')
        .addColumn('exit_code', 'integer')
        .addColumn('start_time', 'text')
        .addColumn('end_time', 'text')
        .addColumn('duration_ms', 'integer')
        .addColumn('error', 'text')
        .modifyEnd(sql`strict`)
        .execute();
      await db.schema
        .createIndex('ml_step_runs_by_run')
        .on('ml_step_runs')
        .columns(['run_id', 'seq'])
        .execute();
      await db.schema
        .createIndex('ml_step_runs_by_reuse_key')
        .on('ml_step_runs')
        .columns(['reuse_key', 'status', 'seq'])
        .where(sql.ref('reuse_key'), 'is not', null)
        .execute();
      await db.schema
        .createIndex('ml_step_runs_by_step_name')
        .on('ml_step_runs')
        .columns(['step_name', 'seq'])
        .execute();

      await db.schema
        .createTable('ml_step_metrics')
        // The rowid: the order values were logged in.
        .addColumn('seq', 'integer', (column) => column.primaryKey().notNull())
        .addColumn('step_run_id', 'text', (column) =>
          column.notNull().references('ml_step_runs.id').onDelete('cascade'),
        )
        .addColumn('name', 'text', (column) => column.notNull())
        .addColumn('value', 'text', (column) => column.notNull())
        .addColumn('logged_at', 'text', (column) => column.notNull())
        .modifyEnd(sql`strict`)
        .execute();
      await db.schema
        .createIndex('ml_step_metrics_by_step_run')
        .on('ml_step_metrics')
        .columns(['step_run_id', 'seq'])
        .execute();
    },
  },
  '0003_identity': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('users')
        .addColumn('id', 'text', (column) => column.primaryKey().notNull())
        .addColumn('name', 'text', (column) => column.notNull())
        .addColumn('password_hash', 'text', (column) => column.notNull())
        .addColumn('created_at', 'text', (column) => column.notNull())
        .modifyEnd(sql`strict`)
        .execute();
      // Names are unique ignoring case (they are ASCII, which SQLite's lower() folds).
      await db.schema
        .createIndex('users_by_name')
        .on('users')
        .unique()
        .expression(sql`lower(name)`)
        .execute();

      await db.schema
        .createTable('service_principals')
        .addColumn('id', 'text', (column) => column.primaryKey().notNull())
        .addColumn('client_id', 'text', (column) => column.notNull().unique())
        .addColumn('display_name', 'text', (column) => column.notNull())
        .addColumn('secret_hash', 'text', (column) => column.notNull())
        .addColumn('secret_created_at', 'text', (column) => column.notNull())
        .addColumn('created_at', 'text', (column) => column.notNull())
        .modifyEnd(sql`strict`)
        .execute();

      // principal_id is a user's or a service principal's id, so it has no foreign key; deleting
      // a principal deletes its assignments in the same transaction.
      await db.schema
        .createTable('role_assignments')
        .addColumn('id', 'text', (column) => column.primaryKey().notNull())
        .addColumn('principal_id', 'text', (column) => column.notNull())
        .addColumn('principal_type', 'text', (column) => column.notNull())
        .addColumn('role', 'text', (column) => column.notNull())
        .addColumn('scope', 'text', (column) => column.notNull())
        .addColumn('created_at', 'text', (column) => column.notNull())
        .addUniqueConstraint('role_assignments_once', ['principal_id', 'role', 'scope'])
        .modifyEnd(sql`strict`)
        .execute();

      await db.schema
        .createTable('signing_keys')
        .addColumn('kid', 'text', (column) => column.primaryKey().notNull())
        .addColumn('algorithm', 'text', (column) => column.notNull())
        .addColumn('private_key_sealed', 'text', (column) => column.notNull())
        .addColumn('public_jwk', 'text', (column) => column.notNull())
        .addColumn('created_at', 'text', (column) => column.notNull())
        .addColumn('retired_at', 'text')
        .modifyEnd(sql`strict`)
        .execute();
    },
  },
  '0004_factory_resources': {
    async up(db: Kysely<unknown>) {
      // The resource JSON is TEXT (not parsed) so that it comes back with its keys as written.
      await db.schema
        .createTable('factory_resources')
        .addColumn('factory_name', 'text', (column) => column.notNull())
        .addColumn('kind', 'text', (column) => column.notNull())
        .addColumn('name', 'text', (column) => column.notNull())
        .addColumn('json', 'text', (column) => column.notNull())
        .addColumn('etag', 'text', (column) => column.notNull())
        .addColumn('updated_at', 'text', (column) => column.notNull())
        .addPrimaryKeyConstraint('factory_resources_pkey', ['factory_name', 'kind', 'name'])
        .modifyEnd(sql`strict`)
        .execute();
      // Names are unique per factory and kind ignoring case (lower() folds ASCII letters only).
      await db.schema
        .createIndex('factory_resources_by_lower_name')
        .on('factory_resources')
        .unique()
        .columns(['factory_name', 'kind'])
        .expression(sql`lower(name)`)
        .execute();
    },
  },
  '0005_service_principal_secret_expiry': {
    async up(db: Kysely<unknown>) {
      // Null for the secrets that exist: they never expire, as before.
      await db.schema
        .alterTable('service_principals')
        .addColumn('secret_expires_at', 'text')
        .execute();
    },
  },
};

export function migrateSqliteStore<Database>(
  db: Kysely<Database>,
): Promise<readonly MigrationResult[]> {
  return migrateToLatest(db, sqliteMigrations);
}
