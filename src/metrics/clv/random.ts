/**
 * A small seeded random source for simulations and tests: xoshiro128** (Blackman & Vigna 2018) seeded
 * through splitmix32, with the gamma (Marsaglia & Tsang 2000), beta and exponential variates the
 * customer-base models need. Not for anything security-related.
 */

/** Uniform doubles in [0, 1) with 53 random bits, and the variates built on them. */
export interface Random {
  /** Uniform in [0, 1). */
  uniform(): number;
  /** Standard normal N(0, 1) (Marsaglia polar method). */
  normal(): number;
  /** Exponential with the given rate (mean 1 / rate). */
  exponential(rate: number): number;
  /** ln of a Gamma(shape, scale 1) variate; stays finite for tiny shapes where the variate underflows. */
  logGamma(shape: number): number;
  /** Gamma(shape, rate): mean shape / rate. */
  gamma(shape: number, rate: number): number;
  /** Beta(a, b), computed from two log-gamma variates so tiny a or b cannot give 0/0. */
  beta(a: number, b: number): number;
}

function splitmix32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

function assertShape(name: string, value: number): void {
  if (!(value > 0) || !Number.isFinite(value)) {
    throw new RangeError(`${name} must be a positive finite number, got ${value}`);
  }
}

/** A seeded {@link Random}: the same integer seed always gives the same sequence. */
export function seededRandom(seed: number): Random {
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be a safe integer, got ${seed}`);
  const init = splitmix32(seed ^ Math.floor(seed / 2 ** 32));
  const s = [init(), init(), init(), init()];
  if (!s.some((word) => word !== 0)) s[0] = 1;
  const next32 = (): number => {
    const [s0 = 0, s1 = 0, s2 = 0, s3 = 0] = s;
    const result = Math.imul(rotl(Math.imul(s1, 5) >>> 0, 7), 9) >>> 0;
    const t = (s1 << 9) >>> 0;
    let n2 = (s2 ^ s0) >>> 0;
    let n3 = (s3 ^ s1) >>> 0;
    const n1 = (s1 ^ n2) >>> 0;
    const n0 = (s0 ^ n3) >>> 0;
    n2 = (n2 ^ t) >>> 0;
    n3 = rotl(n3, 11);
    s[0] = n0;
    s[1] = n1;
    s[2] = n2;
    s[3] = n3;
    return result;
  };
  const uniform = (): number => ((next32() >>> 5) * 67108864 + (next32() >>> 6)) / 9007199254740992;
  const normal = (): number => {
    for (;;) {
      const u = 2 * uniform() - 1;
      const v = 2 * uniform() - 1;
      const s2 = u * u + v * v;
      if (s2 > 0 && s2 < 1) return u * Math.sqrt((-2 * Math.log(s2)) / s2);
    }
  };
  /** Marsaglia–Tsang squeeze method, valid for shape ≥ 1; returns ln of the variate. */
  const logGammaAtLeastOne = (shape: number): number => {
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      const x = normal();
      const v0 = 1 + c * x;
      if (v0 <= 0) continue;
      const v = v0 * v0 * v0;
      const u = uniform();
      const x2 = x * x;
      if (u < 1 - 0.0331 * x2 * x2 || Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) {
        return Math.log(d) + Math.log(v);
      }
    }
  };
  const logGamma = (shape: number): number => {
    assertShape("shape", shape);
    if (shape >= 1) return logGammaAtLeastOne(shape);
    // Gamma(k) = Gamma(k + 1) · U^(1/k) (Marsaglia & Tsang, §6); in logs so small k cannot underflow.
    return logGammaAtLeastOne(shape + 1) + Math.log(1 - uniform()) / shape;
  };
  return {
    uniform,
    normal,
    exponential(rate) {
      assertShape("rate", rate);
      return -Math.log1p(-uniform()) / rate;
    },
    logGamma,
    gamma(shape, rate) {
      assertShape("rate", rate);
      return Math.exp(logGamma(shape)) / rate;
    },
    beta(a, b) {
      const la = logGamma(a);
      const lb = logGamma(b);
      return 1 / (1 + Math.exp(lb - la));
    },
  };
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}
