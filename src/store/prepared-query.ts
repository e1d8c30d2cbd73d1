/**
 * Queries built with Kysely and compiled once, then run many times with new parameters: the
 * store's hot statements skip Kysely's per-call building and compiling, and SQLite's statement
 * cache (see `sqlite/connection.ts`) gets the same SQL text every time.
 *
 * A query is built with `slot(read)` in place of each value; `slot` returns a marker that Kysely
 * binds as an ordinary parameter, and `read` says where the value comes from when the query runs.
 * Values written literally in the builder stay as compiled.
 */
import type { CompiledQuery, Compilable, QueryResult } from 'kysely';

/** What runs a compiled query: the store's Kysely instance or a transaction. */
export interface QueryRunner {
  executeQuery<Row>(query: CompiledQuery<Row>): Promise<QueryResult<Row>>;
}

class Slot<Args> {
  constructor(readonly read: (args: Args) => unknown) {}
}

/** Stands for a value taken from the arguments when the query runs. */
export type SlotFunction<Args> = <Value>(read: (args: Args) => Value) => Value;

export class PreparedQuery<Args, Row> {
  private constructor(private readonly compiled: CompiledQuery<Row>) {}

  static build<Args, Row>(
    build: (slot: SlotFunction<Args>) => Compilable<Row>,
  ): PreparedQuery<Args, Row> {
    const slot = <Value>(read: (args: Args) => Value): Value =>
      new Slot<Args>(read) as unknown as Value;
    return new PreparedQuery(build(slot).compile());
  }

  /** Runs on `executor` (the store's Kysely or a transaction) with `args`' values bound. */
  execute(executor: QueryRunner, args: Args): Promise<QueryResult<Row>> {
    const template = this.compiled.parameters;
    const parameters = new Array<unknown>(template.length);
    for (let index = 0; index < template.length; index++) {
      const parameter = template[index];
      parameters[index] = parameter instanceof Slot ? parameter.read(args) : parameter;
    }
    return executor.executeQuery<Row>({ ...this.compiled, parameters });
  }
}

/** Prepared queries by key (the query's shape), built on first use; the oldest go beyond `limit`. */
export class PreparedQueryCache {
  private readonly queries = new Map<string, PreparedQuery<never, unknown>>();

  constructor(private readonly limit = 256) {}

  get<Args, Row>(key: string, build: () => PreparedQuery<Args, Row>): PreparedQuery<Args, Row> {
    let query = this.queries.get(key) as PreparedQuery<Args, Row> | undefined;
    if (query === undefined) {
      query = build();
      if (this.queries.size >= this.limit) {
        const oldest = this.queries.keys().next().value;
        if (oldest !== undefined) this.queries.delete(oldest);
      }
      this.queries.set(key, query as unknown as PreparedQuery<never, unknown>);
    }
    return query;
  }
}
