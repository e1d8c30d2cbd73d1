import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { millraceHome, storeLocation } from './open-store.js';
import { isStoreError } from './store-error.js';

describe('storeLocation', () => {
  it.each([
    'postgres://user:secret@db.example:5432/millrace',
    'postgresql://localhost/millrace?sslmode=require',
    'POSTGRES://localhost/millrace',
  ])('sends %s to PostgreSQL unchanged', (url) => {
    expect(storeLocation(url)).toEqual({ kind: 'postgres', connectionString: url });
  });

  it.each([
    ['sqlite:///var/lib/millrace/runs.db', '/var/lib/millrace/runs.db'],
    ['sqlite:///tmp/with%20space.db', '/tmp/with space.db'],
    ['/srv/millrace.db', '/srv/millrace.db'],
    ['runs/millrace.db', resolve('runs/millrace.db')],
    ['C:\\data\\millrace.db', resolve('C:\\data\\millrace.db')],
  ])('sends %s to the SQLite file %s', (url, file) => {
    expect(storeLocation(url)).toEqual({ kind: 'sqlite', file, isDefault: false });
  });

  it('defaults to millrace.db in MILLRACE_HOME, else in ~/.millrace', () => {
    expect(storeLocation(undefined, { MILLRACE_HOME: '/opt/millrace' })).toEqual({
      kind: 'sqlite',
      file: '/opt/millrace/millrace.db',
      isDefault: true,
    });
    expect(storeLocation('', {})).toEqual({
      kind: 'sqlite',
      file: join(homedir(), '.millrace', 'millrace.db'),
      isDefault: true,
    });
    expect(millraceHome({ MILLRACE_HOME: '' })).toBe(join(homedir(), '.millrace'));
  });

  it.each([
    'mysql://localhost/millrace',
    'sqlite://relative.db',
    'sqlite:relative.db',
    'sqlite:///',
  ])('refuses %s with STORE_UNSUPPORTED_URL', (url) => {
    let caught: unknown;
    try {
      storeLocation(url);
    } catch (error) {
      caught = error;
    }
    expect(isStoreError(caught, 'STORE_UNSUPPORTED_URL')).toBe(true);
    expect((caught as Error).message).toMatch(/postgres:\/\//);
  });

  it('never repeats a password it refuses', () => {
    let message = '';
    try {
      storeLocation('mysql://user:hunter2@host/db');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/mysql/);
    expect(message).not.toContain('hunter2');
  });
});
