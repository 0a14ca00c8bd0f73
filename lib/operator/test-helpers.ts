import { db } from "../db";
import { actorFor, makeUser } from "../testing/factories";

/** A signed-in operator (flagged, as the first account would be). */
export async function makeOperator() {
  const user = await db.user.update({ where: { id: (await makeUser("ops")).id }, data: { isOperator: true } });
  return { user, actor: actorFor(user) };
}

export const PRICES = { inputPerMTok: "3", outputPerMTok: "15", cacheWritePerMTok: "3.75", cacheReadPerMTok: "0.30" };

export async function auditOf(action: string, targetId: string) {
  const rows = await db.operatorAuditLog.findMany({ where: { action, targetId }, orderBy: { createdAt: "asc" } });
  return rows.map((r) => ({ ...r, before: JSON.parse(r.before) as unknown, after: JSON.parse(r.after) as unknown }));
}
