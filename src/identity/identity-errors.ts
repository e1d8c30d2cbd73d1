/**
 * Recognising identity failures by their code, not their class: an `IdentityError` may have
 * crossed a module boundary (two copies of the module) or been rebuilt from JSON.
 */
import { IdentityErrorCodes, type IdentityError, type IdentityErrorCode } from './identity.js';

export function isIdentityError(error: unknown, code?: IdentityErrorCode): error is IdentityError {
  if (typeof error !== 'object' || error === null) return false;
  const candidate = error as { code?: unknown; name?: unknown; message?: unknown };
  if (candidate.name !== 'IdentityError' || typeof candidate.code !== 'string') return false;
  if (!Object.hasOwn(IdentityErrorCodes, candidate.code)) return false;
  return code === undefined || candidate.code === code;
}
