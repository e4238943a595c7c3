/** What every support batch shares: per-row problems, the batch limit, the workspace clock, message rows. */
import type { Db } from "../db/connection.js";
import { AppError, invalid } from "../http/errors.js";
import { newId } from "../ids.js";
import type { Clock, ParsedMessage } from "./parse.js";
import { MAX_BATCH, type TRowProblem } from "./schema.js";
import * as store from "./store.js";

export interface IngestOptions {
  now?: Date;
  /** The field path prefix of row i (`tickets.3.`); a single record uses "". */
  fieldPrefix?: (i: number) => string;
}

export type Prefix = (i: number) => string;

/** Collects the first problem of each row; rethrows anything that is not an AppError. */
export class Problems {
  readonly list: (TRowProblem & { error: AppError })[] = [];
  run<T>(index: number, f: () => T): T | undefined {
    try {
      return f();
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      if (!this.list.some((p) => p.index === index))
        this.list.push({ index, field: e.field, message: e.message, error: e });
      return undefined;
    }
  }
  throwFirst() {
    const first = [...this.list].sort((a, b) => a.index - b.index)[0];
    if (first) throw first.error;
  }
  report(): TRowProblem[] {
    return this.list
      .sort((a, b) => a.index - b.index)
      .map(({ index, field, message }) => ({ index, field, message }));
  }
}

export async function clockOf(db: Db, workspaceId: string, now: Date): Promise<Clock> {
  return { timeZone: await store.workspaceTimeZone(db, workspaceId), now };
}

export function checkBatch(length: number, what: string) {
  if (length > MAX_BATCH) throw invalid(what, `at most ${MAX_BATCH} ${what} per request`);
}

export function checkUnique<T>(
  inputs: T[],
  key: (t: T) => string,
  problems: Problems,
  prefix: Prefix,
  field: string,
) {
  const seen = new Set<string>();
  inputs.forEach((input, i) => {
    const k = key(input);
    if (seen.has(k))
      problems.run(i, () => {
        throw invalid(`${prefix(i)}${field}`, `the same ${field} ${k} appears twice in the batch`);
      });
    seen.add(k);
  });
}

/** A parsed message as its row. */
export function messageWrite(
  m: ParsedMessage,
  ticketId: string,
  agents: Map<string, string>,
): store.MessageWrite {
  return {
    id: newId(),
    external_id: m.externalId,
    ticket_id: ticketId,
    author: m.author,
    agent_id: m.agent ? (agents.get(m.agent) ?? null) : null,
    sent_at: m.at,
    internal: m.internal,
  };
}
