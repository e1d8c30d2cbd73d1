import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { MASKED } from '../engine/run-views.js';
import { redactingLogStream, SecretRedactor } from './secret-redactor.js';

describe('SecretRedactor', () => {
  it('replaces every known secret with the mask', () => {
    const redactor = new SecretRedactor();
    redactor.add('hunter22');
    redactor.add('s3cr3t-token');
    expect(redactor.redact('user=bob password=hunter22 token=s3cr3t-token; hunter22')).toBe(
      `user=bob password=${MASKED} token=${MASKED}; ${MASKED}`,
    );
    expect(redactor.size).toBe(2);
  });

  it('ignores values shorter than 4 characters, which would redact everything', () => {
    const redactor = new SecretRedactor();
    expect(redactor.add('abc')).toBe(false);
    expect(redactor.add('')).toBe(false);
    expect(redactor.redact('abc abcd')).toBe('abc abcd');
    expect(redactor.size).toBe(0);
  });

  it('redacts the JSON-escaped and URL-encoded forms too', () => {
    const redactor = new SecretRedactor();
    const secret = 'p"a\\ss w/rd&x';
    redactor.add(secret);
    expect(redactor.redact(JSON.stringify({ message: `it is ${secret}` }))).toBe(
      JSON.stringify({ message: 'it is ' }).replace('is "', `is ${MASKED}"`),
    );
    // A JSON string holding JSON (a body logged as text): escaped twice.
    expect(redactor.redact(JSON.stringify(JSON.stringify({ secret })))).toBe(
      JSON.stringify(JSON.stringify({ secret: 'X' })).replace('X', MASKED),
    );
    expect(redactor.redact(`https://x/?p=${encodeURIComponent(secret)}`)).toBe(
      `https://x/?p=${MASKED}`,
    );
    expect(redactor.redact(`p=${encodeURIComponent(secret).replace(/%20/g, '+')}`)).toBe(
      `p=${MASKED}`,
    );
  });

  it('replaces a secret that contains another one whole', () => {
    const redactor = new SecretRedactor();
    redactor.add('abcd');
    redactor.add('abcdefgh');
    expect(redactor.redact('xabcdefghx abcd')).toBe(`x${MASKED}x ${MASKED}`);
  });

  it('treats secrets as text, not as patterns', () => {
    const redactor = new SecretRedactor();
    redactor.add('a.b*c+(d)');
    expect(redactor.redact('aXbbbc+(d) a.b*c+(d)')).toBe(`aXbbbc+(d) ${MASKED}`);
  });

  it('forgets removed secrets', () => {
    const redactor = new SecretRedactor();
    redactor.add('first-secret');
    redactor.add('second-secret');
    redactor.remove('first-secret');
    expect(redactor.redact('first-secret second-secret')).toBe(`first-secret ${MASKED}`);
    expect(redactor.contains('first-secret')).toBe(false);
    expect(redactor.contains('a second-secret')).toBe(true);
  });

  it('redacts deep in JSON, keys included, without touching the input', () => {
    const redactor = new SecretRedactor();
    redactor.add('k3y-value');
    const json = {
      list: ['k3y-value', 1, true, null, { 'header-k3y-value': 'Bearer k3y-value' }],
      n: 42,
    };
    expect(redactor.redactJson(json)).toEqual({
      list: [MASKED, 1, true, null, { [`header-${MASKED}`]: `Bearer ${MASKED}` }],
      n: 42,
    });
    expect(json.list[0]).toBe('k3y-value');
  });

  it('uses another mask when told to', () => {
    const redactor = new SecretRedactor({ mask: '[hidden]', minLength: 2 });
    redactor.add('ab');
    expect(redactor.redact('xaby')).toBe('x[hidden]y');
  });
});

describe('redactingLogStream', () => {
  let app: FastifyInstance | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it("keeps known secrets out of Fastify's (pino's) log lines", () => {
    const redactor = new SecretRedactor();
    redactor.add('db-password-123');
    const lines: string[] = [];
    app = Fastify({
      logger: { stream: redactingLogStream({ write: (line) => lines.push(line) }, redactor) },
    });
    app.log.info(
      { connection: { password: 'db-password-123' } },
      'connecting with db-password-123',
    );
    app.log.error(new Error('login failed for "db-password-123"'));
    // Learnt after the logger was made: still redacted.
    redactor.add('late-secret-456');
    app.log.warn({ url: `https://x/?k=${encodeURIComponent('late-secret-456')}` }, 'late');

    expect(lines).toHaveLength(3);
    const text = lines.join('');
    expect(text).not.toContain('db-password-123');
    expect(text).not.toContain('late-secret-456');
    expect(text).toContain(MASKED);
    const first = JSON.parse(lines[0]!) as { msg: string; connection: { password: string } };
    expect(first.connection.password).toBe(MASKED);
    expect(first.msg).toBe(`connecting with ${MASKED}`);
  });

  it('accepts bytes as well as text', () => {
    const redactor = new SecretRedactor();
    redactor.add('bytes-secret');
    const lines: string[] = [];
    const stream = redactingLogStream({ write: (line) => lines.push(line) }, redactor);
    stream.write(Buffer.from('a bytes-secret b\n') as unknown as string);
    expect(lines).toEqual([`a ${MASKED} b\n`]);
  });
});
