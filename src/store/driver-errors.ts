/**
 * Driver errors turned into coded {@link StoreError}s, for every Kysely store: integrity
 * violations say what the store was doing, a lost or busy database is the retryable
 * `STORE_UNAVAILABLE`. Callers never see SQLite or PostgreSQL error numbers.
 */
import type { StoreDialect } from './store-dialect.js';
import { StoreError } from './store-error.js';

export interface IntegrityMessages {
  /** The message of `STORE_CONFLICT`, for a unique violation. */
  readonly conflict: string;
  /** The message of `STORE_RECORD_NOT_FOUND`, for a foreign-key violation. */
  readonly missingReference: string;
}

/** Runs `work`, turning unique and foreign-key violations into coded errors with these messages. */
export async function guardIntegrity<T>(
  dialect: StoreDialect,
  messages: IntegrityMessages,
  work: () => Promise<T>,
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    switch (dialect.classifyError(error)) {
      case 'unique-violation':
        throw new StoreError('STORE_CONFLICT', messages.conflict, { cause: error });
      case 'foreign-key-violation':
        throw new StoreError('STORE_RECORD_NOT_FOUND', messages.missingReference, {
          cause: error,
        });
      default:
        throw error;
    }
  }
}

/** Runs `work`, reporting a lost or busy database as the retryable `STORE_UNAVAILABLE`. */
export async function guardAvailability<T>(
  dialect: StoreDialect,
  work: () => Promise<T>,
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (dialect.classifyError(error) !== 'unavailable') throw error;
    throw new StoreError(
      'STORE_UNAVAILABLE',
      `The ${dialect.name === 'sqlite' ? 'SQLite' : 'PostgreSQL'} database is unavailable (${(error as Error).message}). Try again; if it persists, check that the database is running and reachable.`,
      { cause: error },
    );
  }
}

/**
 * Both guards at once: `work` with every driver error turned into a coded one (integrity ones
 * described by `messages`, when given).
 */
export function guardDriverErrors<T>(
  dialect: StoreDialect,
  messages: IntegrityMessages | undefined,
  work: () => Promise<T>,
): Promise<T> {
  return guardAvailability(dialect, () =>
    messages === undefined ? work() : guardIntegrity(dialect, messages, work),
  );
}
