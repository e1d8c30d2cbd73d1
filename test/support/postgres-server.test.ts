/** The throwaway PostgreSQL server's own checks: finding the programs, and failing clearly. */
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseUrl, findPostgresBinaries, startPostgresServer } from './postgres-server.js';

describe('findPostgresBinaries', () => {
  let folder: string;

  async function program(path: string): Promise<void> {
    await mkdir(join(path, '..'), { recursive: true });
    await writeFile(path, '#!/bin/sh\n');
    await chmod(path, 0o755);
  }

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'millrace-pg-search-'));
    await program(join(folder, 'path-bin', 'initdb'));
    await program(join(folder, 'path-bin', 'pg_ctl'));
    await program(join(folder, 'lib', '13', 'bin', 'initdb'));
    await program(join(folder, 'lib', '13', 'bin', 'pg_ctl'));
    await program(join(folder, 'lib', '16', 'bin', 'initdb'));
    await program(join(folder, 'lib', '16', 'bin', 'pg_ctl'));
    await program(join(folder, 'lib', '17', 'bin', 'initdb')); // no pg_ctl: unusable
  });

  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('prefers PATH', () => {
    expect(
      findPostgresBinaries({ path: join(folder, 'path-bin'), packageRoot: join(folder, 'lib') }),
    ).toEqual({
      initdb: join(folder, 'path-bin', 'initdb'),
      pgCtl: join(folder, 'path-bin', 'pg_ctl'),
    });
  });

  it('else takes the newest complete version under the package root', () => {
    expect(findPostgresBinaries({ path: '', packageRoot: join(folder, 'lib') })).toEqual({
      initdb: join(folder, 'lib', '16', 'bin', 'initdb'),
      pgCtl: join(folder, 'lib', '16', 'bin', 'pg_ctl'),
    });
  });

  it('finds nothing when PostgreSQL is not installed', () => {
    expect(
      findPostgresBinaries({ path: undefined, packageRoot: join(folder, 'missing') }),
    ).toBeUndefined();
  });

  it('makes startPostgresServer fail with a message saying how to install it or what to set', async () => {
    await expect(
      startPostgresServer({ search: { path: '', packageRoot: join(folder, 'missing') } }),
    ).rejects.toThrow(/apt-get install -y postgresql.*MILLRACE_TEST_DATABASE_URL/s);
  });
});

describe('databaseUrl', () => {
  it('points the admin URL at another database, keeping user, password and options', () => {
    expect(databaseUrl('postgres://me:pw@db:5432/postgres?sslmode=require', 'millrace_1')).toBe(
      'postgres://me:pw@db:5432/millrace_1?sslmode=require',
    );
  });
});
