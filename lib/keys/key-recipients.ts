/**
 * Who hears about something that happened to a key on its own (an expiry reminder,
 * a leak report): the team's owners and admins, and the key's creator while still a
 * member (developers manage their own keys). Read when the email is sent, so someone
 * removed from the team since the key was made gets nothing. Each address once.
 */
import type { Tx } from "../db";

export async function keyRecipients(tx: Tx, teamId: string, creatorId: string | null): Promise<string[]> {
  const members = await tx.membership.findMany({
    where: { teamId, OR: [{ role: { in: ["owner", "admin"] } }, ...(creatorId ? [{ userId: creatorId }] : [])] },
    select: { user: { select: { email: true } } },
    orderBy: { createdAt: "asc" },
  });
  const seen = new Set<string>();
  const out: string[] = [];
  for (const { user } of members) {
    const email = user.email.trim().toLowerCase();
    if (!email || seen.has(email)) continue;
    seen.add(email);
    out.push(email);
  }
  return out;
}
