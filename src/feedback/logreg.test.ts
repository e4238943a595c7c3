import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fitSoftmax, priorModel, probabilities, strongestFeatures } from "./logreg.js";

const classes = ["a", "b", "c"];
const prior = priorModel(classes, new Map([["rule:a", new Map([["a", 3]])]]));

describe("softmax classifier", () => {
  it("gives probabilities that sum to 1 for any features", () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom("rule:a", "x", "y", "z"), fc.double({ min: 0, max: 5, noNaN: true })),
        (d) => {
          const p = probabilities(prior, new Map(Object.entries(d)));
          expect(p.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 9);
        },
      ),
    );
  });

  it("is the prior without examples, and learns a new word from a few", () => {
    expect(fitSoftmax(prior, []).weights.get("rule:a")?.[0]).toBe(3);
    const model = fitSoftmax(prior, [
      { x: new Map([["scooter", 1]]), labels: ["b"] },
      {
        x: new Map([
          ["scooter", 1],
          ["late", 1],
        ]),
        labels: ["b"],
      },
      { x: new Map([["price", 1]]), labels: ["c"] },
    ]);
    const p = probabilities(model, new Map([["scooter", 1]]));
    expect(p[1]).toBeGreaterThan(0.5);
    expect(strongestFeatures(model, new Map([["scooter", 1]]), 1)).toEqual(["scooter"]);
    // The rule still holds where the examples say nothing against it.
    expect(probabilities(model, new Map([["rule:a", 1]]))[0]).toBeGreaterThan(0.5);
  });

  it("trains reproducibly", () => {
    const ex = [{ x: new Map([["w", 1]]), labels: ["c"] }];
    expect(fitSoftmax(prior, ex).weights.get("w")).toEqual(fitSoftmax(prior, ex).weights.get("w"));
  });
});
