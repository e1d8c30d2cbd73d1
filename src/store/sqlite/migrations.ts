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
};

export function migrateSqliteStore<Database>(
  db: Kysely<Database>,
): Promise<readonly MigrationResult[]> {
  return migrateToLatest(db, sqliteMigrations);
}
