/**
 * The PostgreSQL schema, as an append-only list of migrations (never edit one that has shipped;
 * add the next). JSON as JSONB, instants as timestamptz, booleans as boolean. run_id compares
 * bytewise (collation "C") whatever the database's locale, so that runs with equal sort keys come
 * in the same order as on SQLite.
 */
import { sql, type Kysely, type Migration, type MigrationResult } from 'kysely';
import { migrateToLatest } from '../migrate.js';

export const postgresMigrations: Readonly<Record<string, Migration>> = {
  '0001_runs': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('pipeline_runs')
        .addColumn('run_id', sql`text collate "C"`, (column) => column.primaryKey())
        .addColumn('run_group_id', 'text', (column) => column.notNull())
        .addColumn('pipeline_name', 'text', (column) => column.notNull())
        .addColumn('factory_name', 'text', (column) => column.notNull())
        .addColumn('parameters', 'jsonb', (column) => column.notNull())
        .addColumn('invoked_by', 'jsonb', (column) => column.notNull())
        .addColumn('status', 'text', (column) => column.notNull())
        .addColumn('message', 'text', (column) => column.notNull())
        .addColumn('run_start', 'timestamptz', (column) => column.notNull())
        .addColumn('run_end', 'timestamptz')
        .addColumn('duration_in_ms', 'bigint')
        .addColumn('last_updated', 'timestamptz', (column) => column.notNull())
        .addColumn('output', 'jsonb', (column) => column.notNull())
        .addColumn('variables', 'jsonb', (column) => column.notNull())
        .addColumn('definition', 'jsonb', (column) => column.notNull())
        .addColumn('factory_snapshot', 'jsonb', (column) => column.notNull())
        .addColumn('parent_run_id', 'text')
        .addColumn('parent_activity_run_id', 'text')
        .addColumn('reference_pipeline_run_id', 'text')
        .addColumn('is_latest', 'boolean', (column) => column.notNull())
        .addColumn('cancel_requested', 'boolean', (column) => column.notNull())
        .addColumn('lease_owner', 'text')
        .addColumn('lease_expires_at', 'timestamptz')
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
        // Insertion order, which breaks ties between runs that started together.
        .addColumn('seq', 'bigint', (column) => column.primaryKey().generatedAlwaysAsIdentity())
        .addColumn('activity_run_id', 'text', (column) => column.notNull().unique())
        .addColumn('pipeline_run_id', 'text', (column) =>
          column.notNull().references('pipeline_runs.run_id').onDelete('cascade'),
        )
        .addColumn('scope', 'text', (column) => column.notNull())
        .addColumn('activity_name', 'text', (column) => column.notNull())
        .addColumn('activity_type', 'text', (column) => column.notNull())
        .addColumn('attempt', 'integer', (column) => column.notNull())
        .addColumn('status', 'text', (column) => column.notNull())
        .addColumn('input', 'jsonb', (column) => column.notNull())
        .addColumn('output', 'jsonb', (column) => column.notNull())
        .addColumn('error', 'jsonb')
        .addColumn('activity_run_start', 'timestamptz', (column) => column.notNull())
        .addColumn('activity_run_end', 'timestamptz')
        .addColumn('duration_in_ms', 'bigint')
        .addColumn('child_run_id', 'text')
        .addColumn('state', 'jsonb', (column) => column.notNull())
        .addColumn('copied_from_activity_run_id', 'text')
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
        .addColumn('id', sql`text collate "C"`, (column) => column.primaryKey())
        .addColumn('name', 'text', (column) => column.notNull())
        .addColumn('description', 'text', (column) => column.notNull())
        .addColumn('version', 'text', (column) => column.notNull())
        .addColumn('status', 'text', (column) => column.notNull())
        .addColumn('snapshot_hash', 'text', (column) => column.notNull())
        .addColumn('definition', 'jsonb', (column) => column.notNull())
        .addColumn('interface', 'jsonb', (column) => column.notNull())
        .addColumn('continue_on_step_failure', 'boolean', (column) => column.notNull())
        .addColumn('created_by', 'text')
        .addColumn('created_at', 'timestamptz', (column) => column.notNull())
        .addColumn('last_modified', 'timestamptz', (column) => column.notNull())
        .execute();
      await db.schema
        .createIndex('ml_published_pipelines_by_created_at')
        .on('ml_published_pipelines')
        .columns(['created_at', 'id'])
        .execute();

      await db.schema
        .createTable('ml_pipeline_endpoints')
        .addColumn('id', sql`text collate "C"`, (column) => column.primaryKey())
        .addColumn('name', 'text', (column) => column.notNull())
        .addColumn('description', 'text', (column) => column.notNull())
        .addColumn('status', 'text', (column) => column.notNull())
        .addColumn('default_version', 'text', (column) => column.notNull())
        .addColumn('created_at', 'timestamptz', (column) => column.notNull())
        .addColumn('last_modified', 'timestamptz', (column) => column.notNull())
        .execute();
      // Names are unique ignoring case.
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
        .addColumn('endpoint_id', sql`text collate "C"`, (column) =>
          column.notNull().references('ml_pipeline_endpoints.id').onDelete('cascade'),
        )
        // The version as a number: "0", "1", … in the order they were added.
        .addColumn('ordinal', 'integer', (column) => column.notNull())
        .addColumn('pipeline_id', sql`text collate "C"`, (column) =>
          column.notNull().references('ml_published_pipelines.id'),
        )
        .addColumn('added_at', 'timestamptz', (column) => column.notNull())
        .addPrimaryKeyConstraint('ml_endpoint_versions_pkey', ['endpoint_id', 'ordinal'])
        .execute();

      await db.schema
        .createTable('ml_experiments')
        .addColumn('id', sql`text collate "C"`, (column) => column.primaryKey())
        .addColumn('name', sql`text collate "C"`, (column) => column.notNull().unique())
        .addColumn('created_at', 'timestamptz', (column) => column.notNull())
        .execute();

      await db.schema
        .createTable('ml_runs')
        .addColumn('id', sql`text collate "C"`, (column) => column.primaryKey())
        .addColumn('experiment_name', sql`text collate "C"`, (column) =>
          column.notNull().references('ml_experiments.name'),
        )
        .addColumn('pipeline_id', sql`text collate "C"`, (column) =>
          column.notNull().references('ml_published_pipelines.id'),
        )
        .addColumn('pipeline_name', 'text', (column) => column.notNull())
        .addColumn('pipeline_endpoint_id', 'text')
        .addColumn('endpoint_version', 'text')
        .addColumn('description', 'text', (column) => column.notNull())
        .addColumn('run_source', 'text', (column) => column.notNull())
        .addColumn('status', 'text', (column) => column.notNull())
        .addColumn('parameters', 'jsonb', (column) => column.notNull())
        .addColumn('data_paths', 'jsonb', (column) => column.notNull())
        .addColumn('continue_on_step_failure', 'boolean', (column) => column.notNull())
        .addColumn('regenerate_outputs', 'boolean', (column) => column.notNull())
        .addColumn('parent_run_id', 'text')
        .addColumn('tags', 'jsonb', (column) => column.notNull())
        .addColumn('created_by', 'text')
        .addColumn('created_at', 'timestamptz', (column) => column.notNull())
        .addColumn('start_time', 'timestamptz')
        .addColumn('end_time', 'timestamptz')
        .addColumn('error', 'jsonb')
        .addColumn('cancel_requested', 'boolean', (column) => column.notNull())
        .addColumn('last_modified', 'timestamptz', (column) => column.notNull())
        .addColumn('lease_owner', 'text')
        .addColumn('lease_expires_at', 'timestamptz')
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
        // Creation order, for listing a run's steps and finding the newest.
        .addColumn('seq', 'bigint', (column) => column.primaryKey().generatedAlwaysAsIdentity())
        .addColumn('id', sql`text collate "C"`, (column) => column.notNull().unique())
        .addColumn('run_id', sql`text collate "C"`, (column) =>
          column.notNull().references('ml_runs.id').onDelete('cascade'),
        )
        .addColumn('step_name', 'text', (column) => column.notNull())
        .addColumn('step_type', 'text', (column) => column.notNull())
        .addColumn('status', 'text', (column) => column.notNull())
        .addColumn('attempt', 'integer', (column) => column.notNull())
        .addColumn('attempts', 'jsonb', (column) => column.notNull())
        .addColumn('reused', 'boolean', (column) => column.notNull())
        .addColumn('reused_from_run_id', 'text')
        .addColumn('reused_from_step_run_id', 'text')
        .addColumn('rerun_reason', 'text')
        .addColumn('reuse_key', 'text')
        .addColumn('reuse_components', 'jsonb', (column) => column.notNull())
        .addColumn('outputs', 'jsonb', (column) => column.notNull())
        .addColumn('logs', 'jsonb', (column) => column.notNull())
        .addColumn('tags', 'jsonb', (column) => column.notNull())
        .addColumn('progress', 'jsonb')
        .addColumn('exit_code', 'integer')
        .addColumn('start_time', 'timestamptz')
        .addColumn('end_time', 'timestamptz')
        .addColumn('duration_ms', 'bigint')
        .addColumn('error', 'jsonb')
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
        // The order values were logged in.
        .addColumn('seq', 'bigint', (column) => column.primaryKey().generatedAlwaysAsIdentity())
        .addColumn('step_run_id', sql`text collate "C"`, (column) =>
          column.notNull().references('ml_step_runs.id').onDelete('cascade'),
        )
        .addColumn('name', 'text', (column) => column.notNull())
        .addColumn('value', 'jsonb', (column) => column.notNull())
        .addColumn('logged_at', 'timestamptz', (column) => column.notNull())
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
        .addColumn('id', sql`text collate "C"`, (column) => column.primaryKey())
        .addColumn('name', sql`text collate "C"`, (column) => column.notNull())
        .addColumn('password_hash', 'text', (column) => column.notNull())
        .addColumn('created_at', 'timestamptz', (column) => column.notNull())
        .execute();
      // Names are unique ignoring case.
      await db.schema
        .createIndex('users_by_name')
        .on('users')
        .unique()
        .expression(sql`lower(name)`)
        .execute();

      await db.schema
        .createTable('service_principals')
        .addColumn('id', sql`text collate "C"`, (column) => column.primaryKey())
        .addColumn('client_id', sql`text collate "C"`, (column) => column.notNull().unique())
        .addColumn('display_name', 'text', (column) => column.notNull())
        .addColumn('secret_hash', 'text', (column) => column.notNull())
        .addColumn('secret_created_at', 'timestamptz', (column) => column.notNull())
        .addColumn('created_at', 'timestamptz', (column) => column.notNull())
        .execute();

      // principal_id is a user's or a service principal's id, so it has no foreign key; deleting
      // a principal deletes its assignments in the same transaction.
      await db.schema
        .createTable('role_assignments')
        .addColumn('id', sql`text collate "C"`, (column) => column.primaryKey())
        .addColumn('principal_id', sql`text collate "C"`, (column) => column.notNull())
        .addColumn('principal_type', 'text', (column) => column.notNull())
        .addColumn('role', 'text', (column) => column.notNull())
        .addColumn('scope', 'text', (column) => column.notNull())
        .addColumn('created_at', 'timestamptz', (column) => column.notNull())
        .addUniqueConstraint('role_assignments_once', ['principal_id', 'role', 'scope'])
        .execute();

      await db.schema
        .createTable('signing_keys')
        .addColumn('kid', sql`text collate "C"`, (column) => column.primaryKey())
        .addColumn('algorithm', 'text', (column) => column.notNull())
        .addColumn('private_key_sealed', 'text', (column) => column.notNull())
        .addColumn('public_jwk', 'jsonb', (column) => column.notNull())
        .addColumn('created_at', 'timestamptz', (column) => column.notNull())
        .addColumn('retired_at', 'timestamptz')
        .execute();
    },
  },
  '0004_factory_resources': {
    async up(db: Kysely<unknown>) {
      // The resource JSON is text, not JSONB, so that it comes back with its keys as written.
      // Collation "C": lower() folds ASCII letters only and names sort bytewise, as on SQLite.
      await db.schema
        .createTable('factory_resources')
        .addColumn('factory_name', sql`text collate "C"`, (column) => column.notNull())
        .addColumn('kind', 'text', (column) => column.notNull())
        .addColumn('name', sql`text collate "C"`, (column) => column.notNull())
        .addColumn('json', 'text', (column) => column.notNull())
        .addColumn('etag', 'text', (column) => column.notNull())
        .addColumn('updated_at', 'timestamptz', (column) => column.notNull())
        .addPrimaryKeyConstraint('factory_resources_pkey', ['factory_name', 'kind', 'name'])
        .execute();
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
        .addColumn('secret_expires_at', 'timestamptz')
        .execute();
    },
  },
};

export function migratePostgresStore<Database>(
  db: Kysely<Database>,
): Promise<readonly MigrationResult[]> {
  return migrateToLatest(db, postgresMigrations);
}
