import { describe, expect, it } from "vitest";
import { allHold, type ConditionSubject } from "./conditions.js";
import { inSample } from "./sampling.js";
import type { TRuleCondition } from "./schema.js";

const subject: ConditionSubject = {
  event: { type: "order_delivered", properties: { amount: 1500, city: "Kazan", express: true } },
  customer: {
    externalId: "c-1",
    email: "a@example.com",
    phone: null,
    name: null,
    language: "ru",
    timeZone: "Europe/Moscow",
    attributes: { plan: "pro", orders: "12" },
  },
};

describe("trigger conditions", () => {
  it.each<[TRuleCondition, boolean]>([
    [{ field: "event.type", op: "eq", value: "order_delivered" }, true],
    [{ field: "event.amount", op: "gte", value: 1000 }, true],
    [{ field: "event.amount", op: "lt", value: 1000 }, false],
    [{ field: "customer.orders", op: "gt", value: 10 }, true],
    [{ field: "event.express", op: "eq", value: "true" }, true],
    [{ field: "customer.plan", op: "in", value: ["pro", "team"] }, true],
    [{ field: "customer.plan", op: "notIn", value: ["pro"] }, false],
    [{ field: "event.city", op: "contains", value: "kaz" }, true],
    [{ field: "customer.phone", op: "exists" }, false],
    [{ field: "customer.email", op: "exists" }, true],
    [{ field: "customer.region", op: "notExists" }, true],
    [{ field: "customer.region", op: "neq", value: "north" }, true],
    [{ field: "customer.region", op: "gt", value: 0 }, false],
    [{ field: "customer.language", op: "eq", value: "ru" }, true],
  ])("%o → %s", (condition, expected) => {
    expect(allHold(subject, [condition])).toBe(expected);
  });

  it("needs every condition; none always holds", () => {
    expect(allHold(subject, [])).toBe(true);
    expect(
      allHold(subject, [
        { field: "event.amount", op: "gte", value: 1000 },
        { field: "customer.plan", op: "eq", value: "free" },
      ]),
    ).toBe(false);
  });
});

describe("sampling", () => {
  it("is deterministic and close to the percentage", () => {
    const keys = Array.from({ length: 4000 }, (_, i) => `t:${i}`);
    const share = keys.filter((k) => inSample(k, 25)).length / keys.length;
    expect(share).toBeGreaterThan(0.22);
    expect(share).toBeLessThan(0.28);
    expect(keys.map((k) => inSample(k, 25))).toEqual(keys.map((k) => inSample(k, 25)));
    expect(inSample("x", 0)).toBe(false);
    expect(inSample("x", 100)).toBe(true);
  });
});
