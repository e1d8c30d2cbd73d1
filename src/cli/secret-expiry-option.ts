/**
 * `--secret-expires-in <duration>` of `millrace service-principals add|rotate-secret`: a
 * duration such as `90d`, `12h`, `30m`, `45s` or `1d12h`, turned into the instant the identity
 * service stores as the secret's expiry.
 */
import type { Command } from 'commander';
import type { SecretExpiryOptions } from '../identity/identity-administration.js';
import { CliUsageError } from './ml-cli-errors.js';

const UNIT_MS = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000 } as const;
const DURATION = /^(?:\d+[dhms])+$/;
const PART = /(\d+)([dhms])/g;

export function withSecretExpiryOption(command: Command): Command {
  return command.option(
    '--secret-expires-in <duration>',
    'the secret stops getting tokens after this long: 90d, 12h, 30m, 45s or 1d12h (Default: never)',
  );
}

/** A duration such as `90d` or `1d12h` in milliseconds; a `CliUsageError` for anything else. */
export function parseSecretLifetime(text: string): number {
  const trimmed = text.trim().toLowerCase();
  let total = 0;
  if (DURATION.test(trimmed)) {
    for (const [, amount, unit] of trimmed.matchAll(PART)) {
      total += Number(amount) * UNIT_MS[unit as keyof typeof UNIT_MS];
    }
  }
  if (!(total > 0) || !Number.isSafeInteger(total)) {
    throw new CliUsageError(
      `--secret-expires-in '${text}' is not a duration: write a number and a unit, d (days), h, m or s, such as 90d, 12h or 1d12h.`,
    );
  }
  return total;
}

/** The service's expiry option for the flag's value (none without the flag). */
export function secretExpiryOptions(
  duration: string | undefined,
  now: Date = new Date(),
): SecretExpiryOptions {
  if (duration === undefined) return {};
  return {
    secretExpiresAt: new Date(now.getTime() + parseSecretLifetime(duration)).toISOString(),
  };
}
