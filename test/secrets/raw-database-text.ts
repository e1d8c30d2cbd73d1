/**
 * Everything a database holds, as text, for the secret-leak tests to search: SQLite's file with
 * its write-ahead log (read while the store is open, so recent commits are there), or every row of
 * every table of a PostgreSQL database cast to text.
 */
import { readdir, readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import pg from 'pg';
import type { StoreAdapterName } from '../support/store-adapters.js';

export async function rawDatabaseText(
  adapter: StoreAdapterName,
  location: string,
): Promise<{ readonly text: string; readonly sources: readonly string[] }> {
  if (adapter === 'sqlite') {
    const folder = dirname(location);
    const name = basename(location);
    const files = (await readdir(folder)).filter((file) => file.startsWith(name));
    const contents = await Promise.all(files.map((file) => readFile(join(folder, file))));
    return { text: Buffer.concat(contents).toString('latin1'), sources: files };
  }
  const client = new pg.Client({ connectionString: location });
  await client.connect();
  try {
    const tables = await client.query<{ schema: string; name: string }>(
      `select table_schema as schema, table_name as name from information_schema.tables
        where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')`,
    );
    const rows: string[] = [];
    for (const table of tables.rows) {
      const result = await client.query<{ row: string }>(
        `select t::text as row from ${client.escapeIdentifier(table.schema)}.${client.escapeIdentifier(table.name)} t`,
      );
      rows.push(`${table.name}: ${result.rows.map((r) => r.row).join('\n')}`);
    }
    return { text: rows.join('\n'), sources: tables.rows.map((table) => table.name) };
  } finally {
    await client.end();
  }
}
