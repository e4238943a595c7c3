import type { PGlite } from "@electric-sql/pglite";

/**
 * Presents one PGlite instance as the small slice of a `pg` Pool that Kysely's PostgresDialect uses,
 * so the embedded database and a PostgreSQL server run the same dialect, compiler and SQL.
 * PGlite is a single session: a mutex hands it to one Kysely connection at a time, which keeps
 * transactions from interleaving.
 */
export class PGlitePool {
  #queue: Promise<void> = Promise.resolve();

  constructor(readonly pglite: PGlite) {}

  async connect(): Promise<PGliteClient> {
    let release!: () => void;
    const previous = this.#queue;
    this.#queue = new Promise<void>((resolve) => {
      release = resolve;
    });
    await previous;
    return new PGliteClient(this.pglite, release);
  }

  async end(): Promise<void> {
    await this.#queue;
    await this.pglite.close();
  }
}

const COMMANDS = new Set(["INSERT", "UPDATE", "DELETE", "MERGE", "SELECT"]);

class PGliteClient {
  #released = false;
  constructor(
    private readonly pglite: PGlite,
    private readonly onRelease: () => void,
  ) {}

  async query(text: string, params: unknown[]) {
    // Migrations send several statements at once; only the simple protocol (exec) accepts that.
    const result =
      params.length === 0 && /;\s*\S/.test(text)
        ? ((await this.pglite.exec(text)).at(-1) ?? { rows: [], affectedRows: 0 })
        : await this.pglite.query<Record<string, unknown>>(text, params);
    const word = /^\s*(\w+)/.exec(text)?.[1]?.toUpperCase() ?? "";
    return {
      command: COMMANDS.has(word) ? word : undefined,
      rowCount: result.affectedRows ?? result.rows.length,
      rows: result.rows,
    };
  }

  release(): void {
    if (this.#released) return;
    this.#released = true;
    this.onRelease();
  }
}
