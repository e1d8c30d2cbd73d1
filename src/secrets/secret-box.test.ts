import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSecretBox, SecretBox, SecretBoxError } from './secret-box.js';
import { isSecretError } from './secret-error.js';

const newKey = (): Buffer => randomBytes(32);

function codeOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    return isSecretError(error) ? error.code : `not a secret error: ${String(error)}`;
  }
  return undefined;
}

describe('SecretBox', () => {
  it('opens what it sealed, and the sealed text does not contain the plaintext', () => {
    const box = new SecretBox([newKey()]);
    const sealed = box.seal('correct horse battery staple');
    expect(SecretBox.isSealed(sealed)).toBe(true);
    expect(sealed).not.toContain('horse');
    expect(box.open(sealed)).toBe('correct horse battery staple');
  });

  it('seals the same plaintext differently each time (a fresh nonce per value)', () => {
    const box = new SecretBox([newKey()]);
    expect(box.seal('same')).not.toBe(box.seal('same'));
  });

  it('seals empty and non-ASCII text', () => {
    const box = new SecretBox([newKey()]);
    expect(box.open(box.seal(''))).toBe('');
    expect(box.open(box.seal('clé 🔑'))).toBe('clé 🔑');
  });

  it('refuses an altered value with SECRET_UNREADABLE', () => {
    const box = new SecretBox([newKey()]);
    const sealed = box.seal('secret value');
    // Change the first character of the ciphertext (the last one may be only padding bits).
    const bodyStart = sealed.lastIndexOf(':') + 1;
    const swapped = sealed[bodyStart] === 'A' ? 'B' : 'A';
    const altered = `${sealed.slice(0, bodyStart)}${swapped}${sealed.slice(bodyStart + 1)}`;
    expect(codeOf(() => box.open(altered))).toBe('SECRET_UNREADABLE');
    expect(box.opens(altered)).toBe(false);
  });

  it('refuses text that is not sealed', () => {
    const box = new SecretBox([newKey()]);
    expect(SecretBox.isSealed('msv1:not-really')).toBe(false);
    expect(codeOf(() => box.open('plain'))).toBe('SECRET_UNREADABLE');
  });

  it('names the missing key when another key sealed the value', () => {
    const sealer = new SecretBox([newKey()]);
    const other = new SecretBox([newKey()]);
    const sealed = sealer.seal('x');
    try {
      other.open(sealed);
      expect.unreachable('opened with the wrong key');
    } catch (error) {
      expect(error).toBeInstanceOf(SecretBoxError);
      expect((error as SecretBoxError).message).toContain(sealer.keyIds[0]!);
      expect((error as SecretBoxError).message).toContain('MILLRACE_SECRET_KEY_PREVIOUS');
    }
  });

  it('rotates: the new key seals, the previous key still opens old values', () => {
    const oldKey = newKey();
    const before = new SecretBox([oldKey]);
    const oldSealed = before.seal('from before');
    const after = new SecretBox([newKey(), oldKey]);
    expect(after.open(oldSealed)).toBe('from before');
    const newSealed = after.seal('from after');
    expect(newSealed.split(':')[1]).toBe(after.keyIds[0]);
    expect(before.opens(newSealed)).toBe(false);
  });

  it('binds a value to its context: it opens only in the same context', () => {
    const box = new SecretBox([newKey()]);
    const sealed = box.seal('bound', 'pipelineRun/1/parameters/p');
    expect(box.open(sealed, 'pipelineRun/1/parameters/p')).toBe('bound');
    expect(box.opens(sealed, 'pipelineRun/2/parameters/p')).toBe(false);
    expect(box.opens(sealed)).toBe(false);
  });

  it('seals JSON values whole', () => {
    const box = new SecretBox([newKey()]);
    const value = { token: 'abc', list: [1, null, true] };
    expect(box.openJson(box.sealJson(value, 'c'), 'c')).toEqual(value);
  });

  it('needs 32-byte keys', () => {
    expect(codeOf(() => new SecretBox([]))).toBe('SECRET_KEY_INVALID');
    expect(codeOf(() => new SecretBox([randomBytes(16)]))).toBe('SECRET_KEY_INVALID');
  });
});

describe('openSecretBox', () => {
  let home: string | undefined;
  afterEach(async () => {
    if (home) await rm(home, { recursive: true, force: true });
    home = undefined;
  });

  it('creates $MILLRACE_HOME/secret.key (mode 0600) on first use and reuses it', async () => {
    home = await mkdtemp(join(tmpdir(), 'millrace-secret-box-'));
    const first = openSecretBox(join(home, 'nested'), {});
    const file = join(home, 'nested', 'secret.key');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const second = openSecretBox(join(home, 'nested'), {});
    expect(second.open(first.seal('kept'))).toBe('kept');
  });

  it('prefers MILLRACE_SECRET_KEY (base64 or hex) and writes no file then', async () => {
    home = await mkdtemp(join(tmpdir(), 'millrace-secret-box-'));
    const key = newKey();
    const fromBase64 = openSecretBox(home, { MILLRACE_SECRET_KEY: key.toString('base64') });
    const fromHex = openSecretBox(home, { MILLRACE_SECRET_KEY: key.toString('hex') });
    expect(fromHex.open(fromBase64.seal('same key'))).toBe('same key');
    await expect(stat(join(home, 'secret.key'))).rejects.toThrow();
  });

  it('opens values sealed with keys listed in MILLRACE_SECRET_KEY_PREVIOUS', async () => {
    home = await mkdtemp(join(tmpdir(), 'millrace-secret-box-'));
    const oldKey = newKey();
    const olderKey = newKey();
    const sealedOld = new SecretBox([oldKey]).seal('old');
    const sealedOlder = new SecretBox([olderKey]).seal('older');
    const box = openSecretBox(home, {
      MILLRACE_SECRET_KEY: newKey().toString('base64'),
      MILLRACE_SECRET_KEY_PREVIOUS: `${oldKey.toString('base64')}, ${olderKey.toString('hex')}`,
    });
    expect(box.open(sealedOld)).toBe('old');
    expect(box.open(sealedOlder)).toBe('older');
  });

  it('rejects a key of the wrong length, naming where it came from', async () => {
    home = await mkdtemp(join(tmpdir(), 'millrace-secret-box-'));
    expect(() => openSecretBox(home!, { MILLRACE_SECRET_KEY: 'too-short' })).toThrow(
      /MILLRACE_SECRET_KEY must hold 32 bytes/,
    );
    await writeFile(join(home, 'secret.key'), 'not a key\n');
    expect(() => openSecretBox(home!, {})).toThrow(/secret\.key must hold 32 bytes/);
    expect(await readFile(join(home, 'secret.key'), 'utf8')).toBe('not a key\n');
  });
});
