/**
 * Multinomial logistic regression (softmax) over sparse features, fitted by stochastic gradient descent
 * with an L2 penalty that pulls the weights towards a prior W₀ instead of towards zero:
 *   minimize Σ_d −Σ_c y_dc · log softmax(W·x_d)_c + (λ/2)·‖W − W₀‖².
 * The categorizer puts its keyword rules into W₀, so with no training data the model is the rules, and
 * each manual correction moves it away from them only as far as the data supports. Weights stay
 * readable: a term's weight for a class is its evidence for that class. Pure: no IO.
 */

export type FeatureVector = Map<string, number>;

export interface TrainingExample {
  x: FeatureVector;
  /** Target classes; several share the probability mass equally. */
  labels: string[];
}

export interface SoftmaxModel {
  classes: string[];
  /** weights.get(feature)[k]: weight of the feature for classes[k]. */
  weights: Map<string, Float64Array>;
  bias: Float64Array;
}

export interface FitOptions {
  epochs: number;
  learningRate: number;
  /** Strength of the pull towards the prior weights, per example seen. */
  l2: number;
  seed: number;
  /** Class biases move too; off keeps the class mix of the corrections from becoming a prior. */
  learnBias: boolean;
}

export const DEFAULT_FIT: FitOptions = { epochs: 30, learningRate: 0.3, l2: 0.02, seed: 7, learnBias: false };

export function priorModel(classes: string[], prior: Map<string, Map<string, number>>): SoftmaxModel {
  const index = new Map(classes.map((c, k) => [c, k]));
  const weights = new Map<string, Float64Array>();
  for (const [feature, byClass] of prior) {
    const w = new Float64Array(classes.length);
    for (const [cls, value] of byClass) {
      const k = index.get(cls);
      if (k !== undefined) w[k] = value;
    }
    weights.set(feature, w);
  }
  return { classes, weights, bias: new Float64Array(classes.length) };
}

export function probabilities(model: SoftmaxModel, x: FeatureVector): Float64Array {
  const z = Float64Array.from(model.bias);
  for (const [f, v] of x) {
    const w = model.weights.get(f);
    if (!w) continue;
    for (let k = 0; k < z.length; k++) z[k] = (z[k] ?? 0) + (w[k] ?? 0) * v;
  }
  let max = Number.NEGATIVE_INFINITY;
  for (const v of z) max = Math.max(max, v);
  let sum = 0;
  for (let k = 0; k < z.length; k++) {
    const e = Math.exp((z[k] ?? 0) - max);
    z[k] = e;
    sum += e;
  }
  for (let k = 0; k < z.length; k++) z[k] = (z[k] ?? 0) / sum;
  return z;
}

/** A small deterministic PRNG (mulberry32) so training is reproducible. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fits the model to the examples starting from (and regularized towards) the prior. */
export function fitSoftmax(
  prior: SoftmaxModel,
  examples: TrainingExample[],
  options: Partial<FitOptions> = {},
): SoftmaxModel {
  const o = { ...DEFAULT_FIT, ...options };
  const K = prior.classes.length;
  const index = new Map(prior.classes.map((c, k) => [c, k]));
  const weights = new Map([...prior.weights].map(([f, w]) => [f, Float64Array.from(w)]));
  const bias = Float64Array.from(prior.bias);
  const model: SoftmaxModel = { classes: prior.classes, weights, bias };
  const zero = new Float64Array(K);
  const rows = examples
    .map((e) => {
      const target = new Float64Array(K);
      const ks = e.labels.flatMap((l) => index.get(l) ?? []);
      for (const k of ks) target[k] = (target[k] ?? 0) + 1 / ks.length;
      return { x: e.x, target, ok: ks.length > 0 };
    })
    .filter((r) => r.ok);
  const rand = random(o.seed);
  const order = rows.map((_, i) => i);
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j] ?? 0, order[i] ?? 0];
    }
    const lr = o.learningRate / (1 + epoch * 0.2);
    for (const i of order) {
      const row = rows[i];
      if (!row) continue;
      const p = probabilities(model, row.x);
      for (const [f, v] of row.x) {
        let w = weights.get(f);
        if (!w) {
          w = new Float64Array(K);
          weights.set(f, w);
        }
        const w0 = prior.weights.get(f) ?? zero;
        for (let k = 0; k < K; k++) {
          const grad = ((p[k] ?? 0) - (row.target[k] ?? 0)) * v + o.l2 * ((w[k] ?? 0) - (w0[k] ?? 0));
          w[k] = (w[k] ?? 0) - lr * grad;
        }
      }
      for (let k = 0; k < K && o.learnBias; k++) {
        const grad = (p[k] ?? 0) - (row.target[k] ?? 0) + o.l2 * ((bias[k] ?? 0) - (prior.bias[k] ?? 0));
        bias[k] = (bias[k] ?? 0) - lr * grad;
      }
    }
  }
  return model;
}

/** The features of x that raise class k's score the most (weight · value above `min`), strongest first. */
export function strongestFeatures(model: SoftmaxModel, x: FeatureVector, k: number, limit = 5, min = 0.3) {
  return [...x]
    .map(([f, v]) => [f, (model.weights.get(f)?.[k] ?? 0) * v] as const)
    .filter(([, s]) => s > min)
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([f]) => f);
}
