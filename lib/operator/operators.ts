import type { Actor } from "../actor";
import { db, type Tx } from "../db";
import { emailVerificationRequired } from "../account/config";
import { AppError } from "../errors";

/**
 * Operators run the install: the first account (lib/auth/users.ts) and the
 * addresses in GATEHOUSE_OPERATORS. Being one grants the Operator area only,
 * never membership of a team. A non-operator is told "not found", so the area
 * does not advertise itself. An address in GATEHOUSE_OPERATORS counts only
 * once its owner has confirmed it (when the install asks for confirmed
 * addresses): otherwise anyone could sign up with it and run the install.
 */
export type OperatorCandidate = { email: string; isOperator: boolean; emailVerifiedAt: Date | null };

/** GATEHOUSE_OPERATORS: comma-separated addresses, compared case-insensitively. Read at call time. */
export function operatorEmails(value: string | undefined = process.env.GATEHOUSE_OPERATORS): ReadonlySet<string> {
  return new Set(
    (value ?? "")
      .split(",")
      .map((email) => email.trim().toLowerCase())
      .filter(Boolean),
  );
}

export function isOperator(user: OperatorCandidate, emails: ReadonlySet<string> = operatorEmails()): boolean {
  if (user.isOperator) return true;
  return emails.has(user.email.trim().toLowerCase()) && (user.emailVerifiedAt !== null || !emailVerificationRequired());
}

export const NOT_AN_OPERATOR = "Not found.";

/**
 * Re-reads the caller (the flag or the variable may have changed since the
 * session began) and refuses anyone who is not an operator, as NOT_FOUND.
 */
export async function requireOperator(actor: Pick<Actor, "userId">, tx: Tx = db): Promise<{ id: string; email: string; name: string }> {
  const user = await tx.user.findUnique({ where: { id: actor.userId }, select: { id: true, email: true, name: true, isOperator: true, emailVerifiedAt: true } });
  if (!user || !isOperator(user)) throw new AppError("NOT_FOUND", NOT_AN_OPERATOR);
  return { id: user.id, email: user.email, name: user.name };
}

/** For the console shell: whether to show the Operator link. */
export async function userIsOperator(userId: string): Promise<boolean> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { email: true, isOperator: true, emailVerifiedAt: true } });
  return !!user && isOperator(user);
}
