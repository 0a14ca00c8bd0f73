/** Test data builders that go through the real database. */
import crypto from "node:crypto";
import type { Actor } from "../actor";
import { db } from "../db";
import type { Role } from "../permissions";

let counter = 0;
const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}${crypto.randomBytes(2).toString("hex")}`;

/** A user whose address is confirmed (as after its link), unless `confirmed: false`. */
export async function makeUser(name = "User", { confirmed = true }: { confirmed?: boolean } = {}) {
  const id = unique();
  return db.user.create({
    data: { name: `${name} ${id}`, email: `${name.toLowerCase()}-${id}@example.test`, passwordHash: "x", emailVerifiedAt: confirmed ? new Date() : null },
  });
}

export function actorFor(user: { id: string; email: string }): Actor {
  return { userId: user.id, email: user.email, ip: "127.0.0.1", userAgent: "vitest" };
}

/** A team with one member per role given; returns the team and an actor per role. */
export async function makeTeam(roles: Role[] = ["owner", "admin", "developer", "billing"]) {
  const team = await db.team.create({ data: { name: "Acme", slug: `acme-${unique()}` } });
  const members = {} as Record<Role, { user: Awaited<ReturnType<typeof makeUser>>; actor: Actor }>;
  for (const role of roles) {
    const user = await makeUser(role);
    await db.membership.create({ data: { teamId: team.id, userId: user.id, role } });
    members[role] = { user, actor: actorFor(user) };
  }
  return { team, members };
}
