/**
 * Orders imported on PostgreSQL go with COPY straight into `orders`: writing every row once into a
 * staging table and then again into `orders` was most of an import's time. The whole import is one
 * transaction on one held connection, so a failed file still leaves nothing behind.
 *
 * Rows are taken in batches. For each batch the customers it names are looked up by external id (the
 * new ones created, with the id the import gave them), and its external ids are looked up in `orders`;
 * rows new to the workspace are then copied into `orders` with their customer's id. Rows whose external
 * id the workspace already has, or that repeat one seen earlier in the file, go to a small temporary
 * table instead and are upserted at the end like an API batch (the last row of an external id wins), so
 * re-imports stay idempotent. A workspace without orders at the start skips the lookups in `orders`.
 *
 * While PostgreSQL writes one batch, the next is read and checked: a batch waits only for the one
 * before it.
 */
import { sql } from "kysely";
import type { Db } from "../db/connection.js";
import { type DbSession, openSession } from "../db/session.js";
import { CHUNK_CHARS, copyValue } from "./copy-staging.js";
import { applyOrders } from "./orders-store.js";
import type { OrderRecord } from "./records.js";
import type { TUpsertResult } from "./schema.js";
import { RECORD_COLUMNS } from "./source.js";

/** Rows per batch: large enough that the per-batch lookups cost little next to the copy. */
const BATCH = 20_000;
const STAGING = "import_order_updates";
const ORDER_COLUMNS = [
  "workspace_id",
  "id",
  "external_id",
  "customer_id",
  "ordered_at",
  "amount",
  "currency",
  "product",
  "category",
  "quantity",
  "updated_at",
] as const;
const STAGING_COLUMNS = ["ord", ...RECORD_COLUMNS.orders.split(", ").map((c) => c.split(" ")[0] ?? c)];

interface Row {
  line: number;
  record: OrderRecord;
}

export class OrderCopy {
  #session: DbSession | undefined;
  /** The workspace had no orders when the import began: no row can be an update of a stored one. */
  #fresh = false;
  #batch: Row[] = [];
  /** The batch being written; the next one waits for it. */
  #pending: Promise<void> = Promise.resolve();
  #failure: unknown;
  /** Customer external id → its id in the workspace, once looked up or created. */
  readonly #customers = new Map<string, string>();
  /** External ids copied into `orders` by this import, and those sent to the upsert. */
  readonly #copied = new Set<string>();
  readonly #staged = new Set<string>();
  /** Copied ids that a later row of the file repeats: the upsert counts them as updates. */
  readonly #repeated = new Set<string>();
  #stagedRows = 0;
  #committed = false;
  readonly #now: string;

  constructor(
    private readonly db: Db,
    private readonly workspaceId: string,
    now: Date,
  ) {
    this.#now = now.toISOString();
  }

  /** Adds one checked record under its file line. */
  async add(line: number, record: OrderRecord): Promise<void> {
    this.#batch.push({ line, record });
    if (this.#batch.length < BATCH) return;
    const batch = this.#batch;
    this.#batch = [];
    await this.#pending;
    if (this.#failure) throw this.#failure;
    this.#pending = this.#write(batch).catch((error: unknown) => {
      this.#failure = error;
    });
  }

  /** Writes what is left, upserts the repeated and existing ids, and commits. */
  async finish(): Promise<TUpsertResult> {
    await this.#pending;
    if (this.#failure) throw this.#failure;
    const batch = this.#batch;
    this.#batch = [];
    if (batch.length) await this.#write(batch);
    const session = await this.#open();
    let upserted = { inserted: 0, updated: 0 };
    if (this.#stagedRows) {
      await sql`analyze ${sql.table(STAGING)}`.execute(session.db);
      await sql`set local enable_nestloop = off`.execute(session.db);
      upserted = await applyOrders(
        session.db,
        this.workspaceId,
        sql`(select * from ${sql.table(STAGING)})`,
        new Date(this.#now),
      );
    }
    await sql`commit`.execute(session.db);
    this.#committed = true;
    return {
      inserted: this.#copied.size + upserted.inserted,
      updated: upserted.updated - this.#repeated.size,
    };
  }

  /** Rolls back what was not committed and gives the connection back. */
  async close(): Promise<void> {
    this.#batch = [];
    // The batch being written may still be opening the session: it is waited for first.
    await this.#pending;
    const session = this.#session;
    this.#session = undefined;
    if (!session) return;
    try {
      if (!this.#committed) await sql`rollback`.execute(session.db);
    } finally {
      session.release();
    }
  }

  async #open(): Promise<DbSession> {
    if (this.#session) return this.#session;
    const session = await openSession(this.db);
    this.#session = session;
    await sql`begin`.execute(session.db);
    const { rows } = await sql<{ found: boolean }>`select exists (select 1 from orders
      where workspace_id = ${this.workspaceId}) as found`.execute(session.db);
    this.#fresh = !rows[0]?.found;
    await sql`create temp table ${sql.table(STAGING)} (ord integer, ${sql.raw(RECORD_COLUMNS.orders)})
      on commit drop`.execute(session.db);
    return session;
  }

  async #write(batch: readonly Row[]): Promise<void> {
    const session = await this.#open();
    await this.#resolveCustomers(session.db, batch);
    const stored = await this.#storedIds(session.db, batch);
    let direct = "";
    let staged = "";
    const copy = session.copy("orders", ORDER_COLUMNS);
    for (const { line, record: r } of batch) {
      const id = r.external_id;
      if (this.#copied.has(id) || this.#staged.has(id) || stored.has(id)) {
        if (this.#copied.has(id)) this.#repeated.add(id);
        else this.#staged.add(id);
        this.#stagedRows++;
        staged += `${line}\t${r.id}\t${copyValue(id)}\t${copyValue(r.customer_external_id)}\t${r.customer_new_id}\t${r.ordered_at}\t${r.amount}\t${copyValue(r.currency)}\t${copyValue(r.product)}\t${copyValue(r.category)}\t${copyValue(r.quantity)}\n`;
        continue;
      }
      this.#copied.add(id);
      direct += `${this.workspaceId}\t${r.id}\t${copyValue(id)}\t${this.#customers.get(r.customer_external_id)}\t${r.ordered_at}\t${r.amount}\t${copyValue(r.currency)}\t${copyValue(r.product)}\t${copyValue(r.category)}\t${copyValue(r.quantity)}\t${this.#now}\n`;
      if (direct.length >= CHUNK_CHARS) {
        const wait = copy.write(direct);
        direct = "";
        if (wait) await wait;
      }
    }
    copy.write(direct);
    await copy.end();
    if (staged) {
      const updates = session.copy(STAGING, STAGING_COLUMNS);
      updates.write(staged);
      await updates.end();
    }
  }

  /** Gives every customer the batch names its id, creating those the workspace does not have. */
  async #resolveCustomers(db: Db, batch: readonly Row[]): Promise<void> {
    const wanted = new Map<string, string>();
    for (const { record } of batch) {
      const externalId = record.customer_external_id;
      if (!this.#customers.has(externalId)) wanted.set(externalId, record.customer_new_id);
    }
    if (!wanted.size) return;
    const { rows: found } = await sql<{ external_id: string; id: string }>`select external_id, id
      from customers where workspace_id = ${this.workspaceId}
      and external_id = any(${[...wanted.keys()]}::text[])`.execute(db);
    for (const { external_id, id } of found) {
      this.#customers.set(external_id, id);
      wanted.delete(external_id);
    }
    if (!wanted.size) return;
    // A customer created meanwhile by another writer is skipped here and read back below.
    const { rows: created } = await sql<{ external_id: string; id: string }>`insert into customers
        (workspace_id, id, external_id)
      select ${this.workspaceId}, n.id, n.external_id
      from unnest(${[...wanted.values()]}::uuid[], ${[...wanted.keys()]}::text[]) as n(id, external_id)
      on conflict (workspace_id, external_id) do nothing
      returning external_id, id`.execute(db);
    for (const { external_id, id } of created) {
      this.#customers.set(external_id, id);
      wanted.delete(external_id);
    }
    if (!wanted.size) return;
    const { rows: raced } = await sql<{ external_id: string; id: string }>`select external_id, id
      from customers where workspace_id = ${this.workspaceId}
      and external_id = any(${[...wanted.keys()]}::text[])`.execute(db);
    for (const { external_id, id } of raced) this.#customers.set(external_id, id);
  }

  /** The batch's external ids the workspace already had before this import. */
  async #storedIds(db: Db, batch: readonly Row[]): Promise<Set<string>> {
    if (this.#fresh) return new Set();
    const ids: string[] = [];
    for (const { record } of batch) {
      const id = record.external_id;
      if (!this.#copied.has(id) && !this.#staged.has(id)) ids.push(id);
    }
    if (!ids.length) return new Set();
    const { rows } = await sql<{ external_id: string }>`select external_id from orders
      where workspace_id = ${this.workspaceId} and external_id = any(${ids}::text[])`.execute(db);
    return new Set(rows.map((r) => r.external_id));
  }
}
