import { describe, expect, it } from 'vitest';
import { inheritedEnvironment, isWithheldVariable } from './inherited-environment.js';

describe('inheritedEnvironment', () => {
  it.each([
    ['MILLRACE_SECRET_KEY', true],
    ['MILLRACE_SECRET_KEY_PREVIOUS', true],
    ['MILLRACE_SECRET_VAULT_NAME', true],
    ['millrace_token', true],
    ['MILLRACE_CLIENT_SECRET', true],
    ['MILLRACE_API_KEY', true],
    ['MILLRACE_HOME', false],
    ['MILLRACE_TOKENS', false],
    ['MILLRACE_CLIENT_ID', false],
    ['PATH', false],
  ])('%s withheld: %s', (name, withheld) => {
    expect(isWithheldVariable(name)).toBe(withheld);
  });

  it('copies everything else', () => {
    expect(
      inheritedEnvironment({ PATH: '/bin', MILLRACE_SECRET_KEY: 'k', MILLRACE_HOME: '/h' }),
    ).toEqual({ PATH: '/bin', MILLRACE_HOME: '/h' });
  });
});
