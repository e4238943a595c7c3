import { z } from "zod";

export const ZRole = z.enum(["owner", "admin", "analyst", "agent", "viewer"]);
export type TRole = z.infer<typeof ZRole>;

export const ZScope = z.enum([
  "surveys:read",
  "surveys:write",
  "responses:read",
  "responses:write",
  "metrics:read",
  "admin",
  "feedback:write",
  "cases:write",
  "customers:write",
  "support:write",
]);
export type TScope = z.infer<typeof ZScope>;

const ALL: TScope[] = ZScope.options;
const READ: TScope[] = ["surveys:read", "responses:read", "metrics:read"];

/** What each role may do; API keys carry an explicit subset of scopes instead. */
export const ROLE_SCOPES: Record<TRole, TScope[]> = {
  owner: ALL,
  admin: ALL,
  analyst: [...READ, "surveys:write", "responses:write", "feedback:write", "cases:write", "customers:write"],
  agent: [...READ, "cases:write"],
  viewer: READ,
};

export const ZLoginInput = z.object({
  email: z.string().trim().email(),
  password: z.string().min(1).max(200),
  workspaceId: z.string().uuid().optional(),
});

export const ZWorkspace = z.object({
  id: z.string(),
  name: z.string(),
  slug: z.string(),
  timeZone: z.string(),
  defaultLanguage: z.string(),
  rollupDimensions: z.array(z.string()),
});

export const ZMe = z.object({
  user: z.object({ id: z.string(), email: z.string(), name: z.string(), language: z.string() }).nullable(),
  workspace: ZWorkspace,
  role: ZRole.nullable(),
  scopes: z.array(ZScope),
  workspaces: z.array(ZWorkspace.extend({ role: ZRole })),
  csrfToken: z.string().nullable(),
});

export const ZApiKeyInput = z.object({
  name: z.string().trim().min(1).max(100),
  scopes: z.array(ZScope).min(1),
});

export const ZApiKey = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  scopes: z.array(ZScope),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});

export const ZUserInput = z.object({
  email: z.string().trim().email(),
  name: z.string().trim().min(1).max(200),
  password: z.string().min(10, "at least 10 characters").max(200),
  role: ZRole,
});

export const ZMember = z.object({ id: z.string(), email: z.string(), name: z.string(), role: ZRole });
export type TMember = z.infer<typeof ZMember>;

export const ZMemberQuery = z.object({
  /** Members come sorted by email; the cursor is the last email of the previous page. */
  cursor: z.string().max(400).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(500),
});

export const ZMemberPatch = z.object({ role: ZRole });

export const ZSwitchInput = z.object({ workspaceId: z.string().uuid() });

export const ZWorkspacePatch = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  timeZone: z
    .string()
    .refine((tz) => Intl.supportedValuesOf("timeZone").includes(tz) || tz === "UTC", "unknown time zone")
    .optional(),
  defaultLanguage: z.enum(["ru", "en"]).optional(),
  /**
   * Response/customer attributes with their own rollups (fast breakdowns and filters), or pairs of
   * them written `a+b` (fast two-attribute segments such as `product = Pro AND city = Kazan`);
   * changing the list builds the added dimensions' rollups.
   */
  rollupDimensions: z
    .array(
      z
        .string()
        .trim()
        .min(1)
        .max(201)
        .regex(
          /^[\p{L}\p{N}_.-]{1,100}(\+[\p{L}\p{N}_.-]{1,100})?$/u,
          "an attribute (letters, digits, _ . -) or a pair of them written a+b",
        )
        .refine((d) => {
          const [a, b] = d.split("+");
          return a !== b;
        }, "a pair needs two different attributes"),
    )
    .max(8)
    .refine(
      (a) => new Set(a.map((d) => d.split("+").sort().join("+"))).size === a.length,
      "dimensions must be unique",
    )
    .optional(),
});

/** Who is calling: resolved once per request from the session cookie or the API key. */
export interface Principal {
  workspaceId: string;
  userId: string | null;
  role: TRole | null;
  scopes: TScope[];
  via: "session" | "apiKey";
  csrfToken: string | null;
}
