import type { Db } from "../db/connection.js";
import { conflict, notFound } from "../http/errors.js";
import { newId } from "../ids.js";
import { formatFilter, parseFilter, type TFilter } from "./filter.js";
import * as store from "./segments-store.js";
import type { SegmentRow } from "./tables.js";

export interface Segment {
  id: string;
  name: string;
  filter: string;
  conditions: TFilter;
  createdAt: string;
  updatedAt: string;
}

const toSegment = (r: SegmentRow): Segment => ({
  id: r.id,
  name: r.name,
  filter: r.filter,
  conditions: parseFilter(r.filter),
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});

export async function listSegments(db: Db, workspaceId: string): Promise<Segment[]> {
  return (await store.listSegments(db, workspaceId)).map(toSegment);
}

export async function getSegment(db: Db, workspaceId: string, id: string): Promise<Segment> {
  const row = await store.findSegment(db, workspaceId, id);
  if (!row) throw notFound("segment");
  return toSegment(row);
}

async function assertNameFree(db: Db, workspaceId: string, name: string, id?: string) {
  const other = await store.findSegmentByName(db, workspaceId, name);
  if (other && other.id !== id) throw conflict("name", `a segment named "${name}" already exists`);
}

/** Saves the filter in its canonical text form; a filter that does not parse is refused naming `filter`. */
export async function createSegment(db: Db, workspaceId: string, input: { name: string; filter: string }) {
  const filter = formatFilter(parseFilter(input.filter, "filter"));
  await assertNameFree(db, workspaceId, input.name);
  return toSegment(
    await store.insertSegment(db, { workspace_id: workspaceId, id: newId(), name: input.name, filter }),
  );
}

export async function updateSegment(
  db: Db,
  workspaceId: string,
  id: string,
  patch: { name?: string; filter?: string },
  now: Date,
) {
  const filter = patch.filter === undefined ? undefined : formatFilter(parseFilter(patch.filter, "filter"));
  if (patch.name) await assertNameFree(db, workspaceId, patch.name, id);
  const row = await store.updateSegment(db, workspaceId, id, { name: patch.name, filter, updated_at: now });
  if (!row) throw notFound("segment");
  return toSegment(row);
}

export async function deleteSegment(db: Db, workspaceId: string, id: string) {
  if (!(await store.deleteSegment(db, workspaceId, id))) throw notFound("segment");
}
