import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SecretBox } from '../secrets/secret-box.js';
import { openSqliteStore } from '../store/sqlite/index.js';
import type { Store } from '../store/store.js';
import { isIdentityError } from './identity-errors.js';
import type { IdentityErrorCode } from './identity.js';
import {
  ROTATION_GRACE_SECONDS,
  TokenSigner,
  type AccessTokenClaims,
  type TokenSignerOptions,
} from './token-signer.js';

const ALICE: AccessTokenClaims = {
  sub: 'user-1',
  ptype: 'User',
  name: 'alice',
  clientId: 'millrace',
};
const HOUR = 3600;
const DAY_MS = 24 * 3600 * 1000;

async function expectIdentityError(promise: Promise<unknown>, code: IdentityErrorCode) {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!isIdentityError(error, code)) {
    throw new Error(`expected IdentityError ${code}, got ${String(error)}`, { cause: error });
  }
  return error;
}

/** A JWT with one part replaced by `change` applied to its decoded JSON. */
function tamper(token: string, part: 0 | 1, change: (json: Record<string, unknown>) => void) {
  const parts = token.split('.');
  const json = JSON.parse(Buffer.from(parts[part]!, 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >;
  change(json);
  parts[part] = Buffer.from(JSON.stringify(json)).toString('base64url');
  return parts.join('.');
}

describe('TokenSigner', () => {
  let folder: string;
  let stores: Store[];
  let now: Date;
  const secrets = new SecretBox([randomBytes(32)]);

  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'millrace-signer-'));
    stores = [];
    now = new Date('2026-03-01T08:00:00.000Z');
  });

  afterEach(async () => {
    for (const store of stores) await store.close();
    await rm(folder, { recursive: true, force: true });
  });

  async function openStore(file = 'identity.db'): Promise<Store> {
    const store = await openSqliteStore({ file: join(folder, file) });
    stores.push(store);
    return store;
  }

  function signer(store: Store, overrides: Partial<TokenSignerOptions> = {}): TokenSigner {
    return new TokenSigner({
      store,
      secrets,
      issuer: 'millrace',
      audience: 'millrace',
      tokenLifetimeSeconds: HOUR,
      keyRotationDays: 30,
      clock: () => now,
      ...overrides,
    });
  }

  it('signs EdDSA access tokens that verify, with a sealed private key in the store', async () => {
    const store = await openStore();
    const tokens = signer(store);
    const { token, expiresIn } = await tokens.sign(ALICE);
    expect(expiresIn).toBe(HOUR);
    const header = decodeProtectedHeader(token);
    expect(header).toMatchObject({ alg: 'EdDSA', typ: 'at+jwt' });
    const payload = decodeJwt(token);
    expect(payload).toMatchObject({
      iss: 'millrace',
      aud: 'millrace',
      sub: 'user-1',
      ptype: 'User',
      name: 'alice',
      client_id: 'millrace',
      iat: now.getTime() / 1000,
      exp: now.getTime() / 1000 + HOUR,
    });
    expect(await tokens.verify(token)).toEqual(ALICE);

    const [key, ...others] = await store.listSigningKeys();
    expect(others).toEqual([]);
    expect(key?.kid).toBe(header.kid);
    expect(SecretBox.isSealed(key!.privateKeySealed)).toBe(true);
    const privateJwk = JSON.parse(secrets.open(key!.privateKeySealed)) as { d: string };
    expect(key!.privateKeySealed).not.toContain(privateJwk.d);
    expect(JSON.stringify(key!.publicJwk)).not.toContain(privateJwk.d);

    const jwks = await tokens.jwks();
    expect(jwks.keys).toEqual([{ ...key!.publicJwk, kid: key!.kid, alg: 'EdDSA', use: 'sig' }]);
    expect(JSON.stringify(jwks)).not.toContain(privateJwk.d);
  });

  it('tells an expired token (AUTH_TOKEN_EXPIRED) from an invalid one', async () => {
    const tokens = signer(await openStore());
    const { token } = await tokens.sign(ALICE);
    now = new Date(now.getTime() + (HOUR - 1) * 1000);
    expect(await tokens.verify(token)).toEqual(ALICE);
    now = new Date(now.getTime() + 1000);
    const error = await expectIdentityError(tokens.verify(token), 'AUTH_TOKEN_EXPIRED');
    expect(error.message).toContain('2026-03-01T09:00:00.000Z');
  });

  it('refuses altered, foreign and malformed tokens as AUTH_INVALID_TOKEN', async () => {
    const store = await openStore();
    const tokens = signer(store);
    const { token } = await tokens.sign(ALICE);

    const renamed = tamper(token, 1, (payload) => (payload.name = 'admin'));
    expect(
      (await expectIdentityError(tokens.verify(renamed), 'AUTH_INVALID_TOKEN')).message,
    ).toMatch(/signature does not match/);
    const longer = tamper(token, 1, (payload) => (payload.exp = Number(payload.exp) + 10 * HOUR));
    await expectIdentityError(tokens.verify(longer), 'AUTH_INVALID_TOKEN');
    const unsigned = tamper(token, 0, (header) => (header.alg = 'none'));
    expect(
      (
        await expectIdentityError(
          tokens.verify(`${unsigned.split('.').slice(0, 2).join('.')}.`),
          'AUTH_INVALID_TOKEN',
        )
      ).message,
    ).toMatch(/none/);
    const unknownKey = tamper(token, 0, (header) => (header.kid = 'no-such-key'));
    expect(
      (await expectIdentityError(tokens.verify(unknownKey), 'AUTH_INVALID_TOKEN')).message,
    ).toMatch(/does not know/);
    for (const garbage of ['', 'abc', 'a.b.c', token.split('.').slice(0, 2).join('.')]) {
      await expectIdentityError(tokens.verify(garbage), 'AUTH_INVALID_TOKEN');
    }

    // Another installation's token: its key is not in this store.
    const elsewhere = signer(await openStore('other.db'));
    await expectIdentityError(
      tokens.verify((await elsewhere.sign(ALICE)).token),
      'AUTH_INVALID_TOKEN',
    );

    // Same keys, other issuer or audience: the claim is named.
    const otherAudience = signer(store, { audience: 'someone-else' });
    const forOthers = (await otherAudience.sign(ALICE)).token;
    expect(
      (await expectIdentityError(tokens.verify(forOthers), 'AUTH_INVALID_TOKEN')).message,
    ).toMatch(/aud/);
    const otherIssuer = signer(store, { issuer: 'impostor' });
    expect(
      (
        await expectIdentityError(
          tokens.verify((await otherIssuer.sign(ALICE)).token),
          'AUTH_INVALID_TOKEN',
        )
      ).message,
    ).toMatch(/iss/);
  });

  it('rotates keys: old tokens verify until they expire, then the old key is retired', async () => {
    const store = await openStore();
    const tokens = signer(store);
    // Another server on the same store issuing long-lived tokens, and never rotating.
    const longLived = signer(store, { tokenLifetimeSeconds: 60 * 24 * HOUR, keyRotationDays: 365 });

    const first = await tokens.sign(ALICE);
    const firstKid = decodeProtectedHeader(first.token).kid;
    now = new Date(now.getTime() + 30 * DAY_MS - 60_000);
    const beforeRotation = await tokens.sign(ALICE);
    expect(decodeProtectedHeader(beforeRotation.token).kid).toBe(firstKid);
    const outlivesRotation = await longLived.sign(ALICE);

    now = new Date(now.getTime() + 120_000);
    const afterRotation = await tokens.sign(ALICE);
    const secondKid = decodeProtectedHeader(afterRotation.token).kid;
    expect(secondKid).not.toBe(firstKid);
    const rotatedAt = now.getTime();
    // Until tokens of the old key have expired, both verify and both are published.
    expect(await tokens.verify(beforeRotation.token)).toEqual(ALICE);
    expect(await tokens.verify(afterRotation.token)).toEqual(ALICE);
    expect((await tokens.jwks()).keys.map((key) => key.kid)).toEqual([secondKid, firstKid]);

    const retiresAt = rotatedAt + (HOUR + ROTATION_GRACE_SECONDS) * 1000;
    const keys = await store.listSigningKeys();
    expect(keys.map((key) => [key.kid, key.retiredAt])).toEqual([
      [secondKid, null],
      [firstKid, new Date(retiresAt).toISOString()],
    ]);

    now = new Date(retiresAt - 1000);
    expect(await tokens.verify(outlivesRotation.token)).toEqual(ALICE);
    now = new Date(retiresAt);
    const error = await expectIdentityError(
      tokens.verify(outlivesRotation.token),
      'AUTH_INVALID_TOKEN',
    );
    expect(error.message).toMatch(/retired/);
    expect((await tokens.jwks()).keys.map((key) => key.kid)).toEqual([secondKid]);
    expect(await tokens.verify((await tokens.sign(ALICE)).token)).toEqual(ALICE);
  });

  it('two servers creating the first key at once: every token verifies on both', async () => {
    const one = signer(await openStore());
    const two = signer(await openStore());
    const issued = await Promise.all([
      one.sign(ALICE),
      two.sign(ALICE),
      one.sign(ALICE),
      two.sign(ALICE),
    ]);
    for (const { token } of issued) {
      expect(await one.verify(token)).toEqual(ALICE);
      expect(await two.verify(token)).toEqual(ALICE);
    }
    // Afterwards both sign with the newest key.
    const kidOne = decodeProtectedHeader((await one.sign(ALICE)).token).kid;
    const kidTwo = decodeProtectedHeader((await two.sign(ALICE)).token).kid;
    expect(kidOne).toBe(kidTwo);
    expect(kidOne).toBe((await stores[0]!.listSigningKeys())[0]?.kid);
  });

  it('a server with another secret key cannot sign with the stored key, but still verifies', async () => {
    const store = await openStore();
    const { token } = await signer(store).sign(ALICE);
    const stranger = signer(store, { secrets: new SecretBox([randomBytes(32)]) });
    expect(await stranger.verify(token)).toEqual(ALICE);
    await expect(stranger.sign(ALICE)).rejects.toMatchObject({ code: 'SECRET_UNREADABLE' });
  });
});
