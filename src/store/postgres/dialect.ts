/** How node-postgres returns values and reports errors. */
import type { DriverErrorKind, StoreDialect } from '../store-dialect.js';

/** Node's socket errors, and PostgreSQL's connection (08), resource (53) and shutdown (57P) classes. */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EPIPE',
  '53300',
  '57P01',
  '57P02',
  '57P03',
]);

function classifyPostgresError(error: unknown): DriverErrorKind | undefined {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (code === '23505') return 'unique-violation';
  if (code === '23503') return 'foreign-key-violation';
  if (typeof code === 'string' && (UNAVAILABLE_CODES.has(code) || code.startsWith('08'))) {
    return 'unavailable';
  }
  if (typeof message === 'string' && /^Connection terminated/.test(message)) return 'unavailable';
  return undefined;
}

export const postgresDialect: StoreDialect = {
  name: 'postgres',
  writeBoolean: (value) => value,
  // node-postgres parses JSONB itself.
  readJson: (value) => value,
  classifyError: classifyPostgresError,
  // The protocol counts bound parameters in 16 bits.
  maxParameters: 65_000,
};
