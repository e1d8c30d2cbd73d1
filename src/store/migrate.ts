/**
 * Brings a database to the latest schema with Kysely's migrator. Migrations are code, named
 * `NNNN_what`, applied in name order once each; the history lives in `store_migration`, and
 * `store_migration_lock` keeps two processes from migrating at once.
 */
import { Migrator, type Kysely, type Migration, type MigrationResult } from 'kysely';
import { StoreError } from './store-error.js';

export async function migrateToLatest<Database>(
  db: Kysely<Database>,
  migrations: Readonly<Record<string, Migration>>,
): Promise<readonly MigrationResult[]> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve(migrations) },
    migrationTableName: 'store_migration',
    migrationLockTableName: 'store_migration_lock',
  });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results.find((result) => result.status === 'Error')?.migrationName;
    const cause = error instanceof Error ? error.message : String(error);
    throw new StoreError(
      'STORE_MIGRATION_FAILED',
      `Cannot bring the store's schema up to date${failed === undefined ? '' : ` (migration ${failed} failed)`}: ${cause}. ` +
        'If the database was migrated by a newer Millrace, run that version; otherwise restore the database from a backup.',
      { cause: error },
    );
  }
  return results;
}
