import { describe, expect, it } from 'vitest';
import { isSecretError, SecretError, SecretErrorCodes } from './secret-error.js';

describe('SecretError', () => {
  it('takes its failure type and retryability from the catalogue', () => {
    const notFound = new SecretError('SECRET_NOT_FOUND', 'missing', ['env:MILLRACE_SECRET_A_B']);
    expect(notFound.failureType).toBe('UserError');
    expect(notFound.retryable).toBe(false);
    const broken = new SecretError('SECRET_PROVIDER_FAILED', 'EACCES');
    expect(broken.failureType).toBe('SystemError');
    expect(broken.retryable).toBe(true);
  });

  it('serialises to plain data that is still recognised after a JSON round trip', () => {
    const data = new SecretError('SECRET_NOT_FOUND', 'missing', ['file:/s/kv/name']).toData();
    expect(data).toEqual({
      code: 'SECRET_NOT_FOUND',
      message: 'missing',
      failureType: 'UserError',
      retryable: false,
      lookedIn: ['file:/s/kv/name'],
    });
    expect(isSecretError(JSON.parse(JSON.stringify(data)))).toBe(true);
  });

  it('recognises only the catalogue codes', () => {
    expect(isSecretError({ code: 'STORE_CONFLICT', message: 'x' })).toBe(false);
    expect(isSecretError(new Error('plain'))).toBe(false);
    expect(isSecretError(null)).toBe(false);
    for (const code of Object.keys(SecretErrorCodes)) expect(code).toMatch(/^SECRET_[A-Z_]+$/);
  });
});
