/** How better-sqlite3 returns values and reports errors. */
import type { DriverErrorKind, StoreDialect } from '../store-dialect.js';

const ERROR_KINDS: Readonly<Record<string, DriverErrorKind>> = {
  SQLITE_CONSTRAINT_PRIMARYKEY: 'unique-violation',
  SQLITE_CONSTRAINT_UNIQUE: 'unique-violation',
  SQLITE_CONSTRAINT_FOREIGNKEY: 'foreign-key-violation',
  SQLITE_BUSY: 'unavailable',
  SQLITE_BUSY_SNAPSHOT: 'unavailable',
  SQLITE_BUSY_TIMEOUT: 'unavailable',
  SQLITE_LOCKED: 'unavailable',
  SQLITE_IOERR: 'unavailable',
  SQLITE_FULL: 'unavailable',
};

export const sqliteDialect: StoreDialect = {
  name: 'sqlite',
  writeBoolean: (value) => (value ? 1 : 0),
  readJson: (value) => JSON.parse(value as string) as unknown,
  classifyError(error) {
    const code = (error as { code?: unknown } | null)?.code;
    return typeof code === 'string' ? ERROR_KINDS[code] : undefined;
  },
  // SQLITE_MAX_VARIABLE_NUMBER is 32766 since SQLite 3.32.
  maxParameters: 32_000,
};
