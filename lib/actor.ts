import type { RequestMeta } from "./request-meta";

/** The roles of a team admin key (Admin API): `admin` acts as a team admin, `read-only` only reads. */
export const ADMIN_KEY_ROLES = ["admin", "read-only"] as const;
export type AdminKeyRole = (typeof ADMIN_KEY_ROLES)[number];

/**
 * An admin key acting through the Admin API. It acts on behalf of the person
 * who created it (`userId`), with at most its own role, and only while that
 * person is still an owner or admin of the team (lib/membership.ts).
 */
export type AdminKeyActor = { id: string; name: string; role: AdminKeyRole; teamId: string };

/**
 * Who is doing something, and from where: passed explicitly to every service function.
 * With `adminKey` set, the change was made through the Admin API by that key on behalf
 * of `userId` (its creator); audit records name the key as the actor.
 */
export type Actor = { userId: string; email: string; adminKey?: AdminKeyActor } & RequestMeta;

/**
 * Gatehouse itself, or an outside reporter, making a change no person made (an endpoint
 * disabled for failing, a key revoked on a leak report): audited under `name`, with no actor id.
 */
export function systemActor(name: string, meta: RequestMeta = { ip: "", userAgent: "" }): Actor {
  return { userId: "", email: name, ...meta };
}
