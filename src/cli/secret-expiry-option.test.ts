import { describe, expect, it } from 'vitest';
import { parseSecretLifetime, secretExpiryOptions } from './secret-expiry-option.js';

describe('--secret-expires-in', () => {
  it('reads days, hours, minutes, seconds and their sums', () => {
    expect(parseSecretLifetime('90d')).toBe(90 * 86_400_000);
    expect(parseSecretLifetime('12h')).toBe(12 * 3_600_000);
    expect(parseSecretLifetime('30m')).toBe(1_800_000);
    expect(parseSecretLifetime('45s')).toBe(45_000);
    expect(parseSecretLifetime(' 1D12h ')).toBe(86_400_000 + 12 * 3_600_000);
  });

  it('refuses anything else with CLI_INVALID_ARGUMENT, quoting it', () => {
    for (const text of ['', '90', 'd', '0d', '1w', '-1d', '1.5h', '12 h', '9'.repeat(20) + 'd']) {
      expect(() => parseSecretLifetime(text), JSON.stringify(text)).toThrow(
        expect.objectContaining({
          code: 'CLI_INVALID_ARGUMENT',
          message: expect.stringContaining(`'${text}'`),
        }),
      );
    }
  });

  it('turns the duration into the instant the service stores, none without the flag', () => {
    const now = new Date('2026-03-01T08:00:00.000Z');
    expect(secretExpiryOptions('12h', now)).toEqual({
      secretExpiresAt: '2026-03-01T20:00:00.000Z',
    });
    expect(secretExpiryOptions(undefined, now)).toEqual({});
  });
});
