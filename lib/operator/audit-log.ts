import type { Actor } from "../actor";
import { db } from "../db";
import { parseInput } from "../validation";
import { requireOperator } from "./operators";
import { OPERATOR_AUDIT_PAGE_SIZE, operatorAuditQuerySchema } from "./schemas";

export type OperatorAuditRow = {
  id: string;
  createdAt: Date;
  action: string;
  actor: { id: string | null; email: string };
  targetType: string;
  targetId: string | null;
  targetLabel: string;
  before: unknown;
  after: unknown;
  ip: string;
  userAgent: string;
};

export type OperatorAuditPage = { entries: OperatorAuditRow[]; page: number; pageSize: number; total: number; pageCount: number };

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** The operator audit log, newest first. */
export async function listOperatorAudit(actor: Actor, input: { page?: unknown } = {}): Promise<OperatorAuditPage> {
  await requireOperator(actor);
  const { page } = parseInput(operatorAuditQuerySchema, input);
  const pageSize = OPERATOR_AUDIT_PAGE_SIZE;
  const [total, rows] = await Promise.all([
    db.operatorAuditLog.count(),
    db.operatorAuditLog.findMany({ orderBy: [{ createdAt: "desc" }, { id: "desc" }], skip: (page - 1) * pageSize, take: pageSize }),
  ]);
  return {
    entries: rows.map((r) => ({
      id: r.id,
      createdAt: r.createdAt,
      action: r.action,
      actor: { id: r.actorId, email: r.actorEmail },
      targetType: r.targetType,
      targetId: r.targetId,
      targetLabel: r.targetLabel,
      before: parseJson(r.before),
      after: parseJson(r.after),
      ip: r.ip,
      userAgent: r.userAgent,
    })),
    page,
    pageSize,
    total,
    pageCount: Math.max(1, Math.ceil(total / pageSize)),
  };
}
