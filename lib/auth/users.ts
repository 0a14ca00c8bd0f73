import { db, type Tx } from "../db";
import { databaseConfig } from "../db-url";
import { AppError } from "../errors";
import { dummyPasswordHash, hashPassword, verifyPassword } from "./password";
import { signInSchema, signUpSchema } from "./schemas";
import { recordSignIn } from "./sign-in-log";
import type { SignUpThrottle } from "./sign-up-throttle";
import type { SignInThrottle } from "./throttle";
import { signInThrottle, signUpThrottle } from "./throttles";

export type SessionUser = { id: string; email: string; name: string };

/**
 * The first account on a fresh install becomes its operator. On PostgreSQL
 * (READ COMMITTED) two first sign-ups at once would both count no users, so
 * the count is taken again under a lock on the one OperatorSettings row: the
 * second waits for the first to commit and then sees its account. SQLite runs
 * transactions one at a time anyway.
 */
export async function isFirstAccount(tx: Tx): Promise<boolean> {
  if ((await tx.user.count()) > 0) return false;
  if (databaseConfig().engine === "postgres") await tx.$queryRaw`SELECT 1 FROM "OperatorSettings" WHERE "id" = 1 FOR UPDATE`;
  return (await tx.user.count()) === 0;
}

export async function createUser(input: unknown): Promise<SessionUser> {
  const { name, email, password } = signUpSchema.parse(input);
  const existing = await db.user.findUnique({ where: { email } });
  if (existing) {
    throw new AppError("CONFLICT", "An account with this email already exists. Sign in instead.", {
      email: "An account with this email already exists.",
    });
  }
  const passwordHash = await hashPassword(password);
  try {
    // In a transaction so it queues for the one SQLite connection: a bare write would land inside
    // whatever transaction another request has open, and vanish if that one rolls back.
    const user = await db.$transaction(async (tx) => tx.user.create({ data: { name, email, passwordHash, isOperator: await isFirstAccount(tx) } }));
    return { id: user.id, email: user.email, name: user.name };
  } catch (error) {
    // Two sign-ups for one address at once: the unique index decides.
    if ((error as { code?: string }).code === "P2002") {
      throw new AppError("CONFLICT", "An account with this email already exists. Sign in instead.");
    }
    throw error;
  }
}

/** Sign-up from the console: validates, charges the client address's sign-up allowance, creates the account. */
export async function signUpFrom(ip: string, input: unknown, throttle: SignUpThrottle = signUpThrottle()): Promise<SessionUser> {
  const values = signUpSchema.parse(input);
  await throttle.admit(ip);
  return createUser(values);
}

export const INVALID_CREDENTIALS = "Incorrect email or password.";

/** A right password, and whether the account also needs a second factor (lib/auth/two-factor/sign-in.ts) before a session. */
export type AuthenticatedUser = SessionUser & { twoFactor: boolean };

/** Checks credentials with throttling; throws AppError with a user-facing message. */
export async function authenticate(input: unknown, ip: string, throttle: SignInThrottle = signInThrottle()): Promise<AuthenticatedUser> {
  const parsed = signInSchema.safeParse(input);
  if (!parsed.success) throw new AppError("INVALID", INVALID_CREDENTIALS);
  const { email, password } = parsed.data;
  const admitted = await throttle.admit(email, ip);
  const user = await db.user.findUnique({ where: { email } });
  const ok = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), password);
  if (!user || !ok) throw new AppError("UNAUTHENTICATED", INVALID_CREDENTIALS);
  await admitted.succeeded();
  await recordSignIn(email, ip);
  return { id: user.id, email: user.email, name: user.name, twoFactor: user.totpEnabledAt !== null };
}
