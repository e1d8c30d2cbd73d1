import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SCRYPT_PARAMETERS,
  hashSecret,
  isEncodedHash,
  needsRehash,
  verifySecret,
} from './password-hashing.js';

/** Cheap parameters for tests that are not about the defaults. */
const FAST = { cost: 2 ** 10, blockSize: 8, parallelization: 1 };

describe('password hashing', () => {
  it('writes a self-describing scrypt hash with the default parameters and a random salt', async () => {
    const encoded = await hashSecret('correct horse battery staple');
    const [algorithm, cost, blockSize, parallelization, salt, hash, ...rest] = encoded.split('$');
    expect([algorithm, cost, blockSize, parallelization]).toEqual(['scrypt', '32768', '8', '1']);
    expect(Buffer.from(salt!, 'base64url')).toHaveLength(16);
    expect(Buffer.from(hash!, 'base64url')).toHaveLength(32);
    expect(rest).toEqual([]);
    expect(encoded).not.toContain('correct horse');
    expect(isEncodedHash(encoded)).toBe(true);
    expect(needsRehash(encoded)).toBe(false);
    // The same secret hashes differently each time (fresh salt).
    expect(await hashSecret('correct horse battery staple')).not.toBe(encoded);
  });

  it('verifies the right secret and refuses others', async () => {
    const encoded = await hashSecret('s3cret-passphrase', FAST);
    expect(await verifySecret('s3cret-passphrase', encoded)).toBe(true);
    expect(await verifySecret('s3cret-passphrasE', encoded)).toBe(false);
    expect(await verifySecret('', encoded)).toBe(false);
  });

  it('treats the NFC and NFD spellings of a password as the same password', async () => {
    const composed = 'café-au-lait-123'.normalize('NFC');
    const decomposed = composed.normalize('NFD');
    expect(decomposed).not.toBe(composed);
    expect(await verifySecret(decomposed, await hashSecret(composed, FAST))).toBe(true);
  });

  it('verifies hashes made with other parameters, and says they need remaking', async () => {
    const encoded = await hashSecret('older-parameters', FAST);
    expect(encoded.startsWith('scrypt$1024$8$1$')).toBe(true);
    expect(await verifySecret('older-parameters', encoded)).toBe(true);
    expect(needsRehash(encoded)).toBe(true);
    expect(needsRehash(encoded, FAST)).toBe(false);
  });

  it('refuses, without throwing, hashes that are malformed or ask for too much memory', async () => {
    const good = await hashSecret('whatever-it-is', FAST);
    const parts = good.split('$');
    const variants = [
      '',
      'plain text',
      `bcrypt$${parts.slice(1).join('$')}`,
      ['scrypt', '1000', ...parts.slice(2)].join('$'), // not a power of two
      ['scrypt', String(2 ** 24), ...parts.slice(2)].join('$'), // gigabytes
      ['scrypt', parts[1], '64', ...parts.slice(3)].join('$'),
      [...parts.slice(0, 4), 'not base64!', parts[5]].join('$'),
      [...parts.slice(0, 5), 'c2hvcnQ'].join('$'), // a 5-byte hash
      `${good}$extra`,
    ];
    for (const variant of variants) {
      expect(isEncodedHash(variant), variant).toBe(false);
      expect(await verifySecret('whatever-it-is', variant), variant).toBe(false);
      expect(needsRehash(variant)).toBe(true);
    }
  });

  it('refuses parameters out of range when hashing', async () => {
    await expect(hashSecret('x', { ...DEFAULT_SCRYPT_PARAMETERS, cost: 3000 })).rejects.toThrow(
      /power of two/,
    );
  });
});
