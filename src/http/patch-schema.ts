import { z } from "zod";

type Patch<S extends z.ZodRawShape> = {
  [K in keyof S]: z.ZodOptional<S[K] extends z.ZodDefault<infer T> ? T : S[K]>;
};

/**
 * The PATCH body of an input object: every field optional and without its default. Zod 4 applies a
 * default even inside `.optional()`, so `.partial()` would reset every field the caller left out.
 */
export function patchOf<S extends z.ZodRawShape>(input: z.ZodObject<S>) {
  const shape = Object.fromEntries(
    Object.entries(input.shape).map(([k, v]) => [
      k,
      z.optional(v instanceof z.ZodDefault ? v.removeDefault() : v),
    ]),
  );
  return z.object(shape as Patch<S>);
}
