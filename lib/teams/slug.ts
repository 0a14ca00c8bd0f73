import type { Tx } from "../db";

/**
 * Team slugs are the first path segment (`/<slug>/keys`), so they must never
 * shadow a top-level route, present or likely future.
 */
export const RESERVED_SLUGS = new Set([
  "api",
  "app",
  "auth",
  "admin",
  "account",
  "dashboard",
  "docs",
  "help",
  "invite",
  "invites",
  "login",
  "logout",
  "new",
  "operator",
  "settings",
  "sign-in",
  "sign-out",
  "sign-up",
  "signin",
  "signup",
  "static",
  "team",
  "teams",
  "ui-preview",
  "_next",
  "favicon-ico",
  "robots-txt",
]);

const MAX_SLUG_LENGTH = 40;

/** "Acme Corp!" → "acme-corp"; accents are folded, anything else becomes a dash. */
export function slugify(name: string): string {
  const base = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, MAX_SLUG_LENGTH)
    .replace(/-+$/g, "");
  return base || "team";
}

/** A slug derived from `name` that no team uses and no route claims: "acme", "acme-2", … */
export async function uniqueSlug(tx: Tx, name: string): Promise<string> {
  const base = slugify(name);
  const taken = new Set(
    (
      await tx.team.findMany({
        where: { OR: [{ slug: base }, { slug: { startsWith: `${base}-` } }] },
        select: { slug: true },
      })
    ).map((t) => t.slug),
  );
  const free = (slug: string) => !taken.has(slug) && !RESERVED_SLUGS.has(slug);
  if (free(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base}-${n}`;
    if (free(candidate)) return candidate;
  }
}
