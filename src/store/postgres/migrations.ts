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
};

export function migratePostgresStore<Database>(
  db: Kysely<Database>,
): Promise<readonly MigrationResult[]> {
  return migrateToLatest(db, postgresMigrations);
}
