import { randomBytes } from "node:crypto";
import { v7 } from "uuid";

/** Sortable UUIDv7 for every internal id. */
export const newId = (): string => v7();

/** An unguessable URL-safe secret (default 256 bits). */
export const secretToken = (bytes = 32): string => randomBytes(bytes).toString("base64url");
