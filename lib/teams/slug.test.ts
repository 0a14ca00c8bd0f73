import { describe, expect, it } from "vitest";
import { db } from "../db";
import { RESERVED_SLUGS, slugify, uniqueSlug } from "./slug";

describe("slugify", () => {
  it("turns a team name into a URL segment", () => {
    expect(slugify("Acme Corp")).toBe("acme-corp");
    expect(slugify("  Café  Crème & Co. ")).toBe("cafe-creme-co");
    expect(slugify("R&D / Platform")).toBe("r-d-platform");
    expect(slugify("日本")).toBe("team");
  });

  it("caps the length without leaving a trailing dash", () => {
    const slug = slugify("a".repeat(39) + " tail");
    expect(slug.length).toBeLessThanOrEqual(40);
    expect(slug.endsWith("-")).toBe(false);
  });
});

describe("uniqueSlug", () => {
  it("adds a counter on collision", async () => {
    const name = `Collide ${Date.now()}`;
    const base = slugify(name);
    expect(await uniqueSlug(db, name)).toBe(base);
    await db.team.create({ data: { name, slug: base } });
    expect(await uniqueSlug(db, name)).toBe(`${base}-2`);
    await db.team.create({ data: { name, slug: `${base}-2` } });
    expect(await uniqueSlug(db, name)).toBe(`${base}-3`);
  });

  it("never returns a slug that shadows a top-level route", async () => {
    for (const name of ["Teams", "Sign in", "sign-up", "Invite", "API", "new"]) {
      const slug = await uniqueSlug(db, name);
      expect(RESERVED_SLUGS.has(slug)).toBe(false);
      expect(slug).toMatch(/-2$/);
    }
  });
});
