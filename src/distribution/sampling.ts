import { createHash } from "node:crypto";

/**
 * Whether a key falls in a sample of `percent` %. Deterministic (a hash of the key, uniform in [0, 100)),
 * so a retried event or a re-run campaign page makes the same decision.
 */
export function inSample(key: string, percent: number): boolean {
  if (percent >= 100) return true;
  if (percent <= 0) return false;
  const hash = createHash("sha256").update(key).digest();
  return (hash.readUInt32BE(0) / 2 ** 32) * 100 < percent;
}
