/**
 * What the shared Kysely implementation needs to know about a database beyond what Kysely
 * already hides: how values come back from the driver and what its errors mean.
 */

/** The integrity rule or condition a driver error reports, when the store must react to it. */
export type DriverErrorKind = 'unique-violation' | 'foreign-key-violation' | 'unavailable';

export interface StoreDialect {
  readonly name: 'sqlite' | 'postgres';
  /** Binds a boolean: SQLite has no boolean type (0/1), PostgreSQL does. */
  writeBoolean(value: boolean): number | boolean;
  /** Reads a JSON column: SQLite returns the text, node-postgres parses JSONB itself. */
  readJson(value: unknown): unknown;
  classifyError(error: unknown): DriverErrorKind | undefined;
  /** Bound parameters one statement may hold; multi-row inserts are split to stay below it. */
  readonly maxParameters: number;
}
