import Database from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PreparedQuery, PreparedQueryCache } from './prepared-query.js';

interface Items {
  items: { id: string; label: string; kind: string };
}

describe('PreparedQuery', () => {
  let db: Kysely<Items>;

  beforeAll(async () => {
    db = new Kysely<Items>({ dialect: new SqliteDialect({ database: new Database(':memory:') }) });
    await sql`create table items (id text primary key, label text not null, kind text not null)`.execute(
      db,
    );
  });

  afterAll(async () => {
    await db.destroy();
  });

  it('binds new values on every run and keeps literal values as compiled', async () => {
    const insert = PreparedQuery.build(
      (slot: <V>(read: (args: { id: string; label: string }) => V) => V) =>
        db.insertInto('items').values({
          id: slot((args) => args.id),
          label: slot((args) => args.label),
          kind: 'fixed',
        }),
    );
    await insert.execute(db, { id: 'a', label: 'first' });
    await insert.execute(db, { id: 'b', label: 'second' });
    const select = PreparedQuery.build((slot: <V>(read: (args: { id: string }) => V) => V) =>
      db
        .selectFrom('items')
        .selectAll()
        .where(
          'id',
          '=',
          slot((args) => args.id),
        ),
    );
    expect((await select.execute(db, { id: 'b' })).rows).toEqual([
      { id: 'b', label: 'second', kind: 'fixed' },
    ]);
    expect((await select.execute(db, { id: 'a' })).rows).toEqual([
      { id: 'a', label: 'first', kind: 'fixed' },
    ]);
  });

  it('reports affected rows', async () => {
    const rename = PreparedQuery.build(
      (slot: <V>(read: (args: { kind: string; label: string }) => V) => V) =>
        db
          .updateTable('items')
          .set({ label: slot((args) => args.label) })
          .where(
            'kind',
            '=',
            slot((args) => args.kind),
          ),
    );
    expect((await rename.execute(db, { kind: 'fixed', label: 'x' })).numAffectedRows).toBe(2n);
    expect((await rename.execute(db, { kind: 'none', label: 'x' })).numAffectedRows).toBe(0n);
  });
});

describe('PreparedQueryCache', () => {
  it('builds a query once per key and forgets the oldest beyond its limit', async () => {
    // Compiling needs a dialect, not a connection: this database is never opened.
    const db = new Kysely<Items>({
      dialect: new SqliteDialect({ database: () => Promise.reject(new Error('not used')) }),
    });
    const cache = new PreparedQueryCache(2);
    let builds = 0;
    const build = () => {
      builds++;
      return PreparedQuery.build(() => db.selectFrom('items').select('id'));
    };
    const first = cache.get('a', build);
    expect(cache.get('a', build)).toBe(first);
    cache.get('b', build);
    cache.get('c', build);
    expect(builds).toBe(3);
    expect(cache.get('a', build)).not.toBe(first);
    expect(builds).toBe(4);
    await db.destroy();
  });
});
