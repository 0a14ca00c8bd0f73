import { db, type Tx } from "../db";
import { databaseConfig } from "../db-url";
import { checkEmail, invitationProvesAddress, notifySignUpAttempt, type CheckEmailOutcome } from "../account/sign-up";
import { emailVerificationRequired } from "../account/config";
import { issueVerificationToken, sendVerificationEmail } from "../account/email-verification";
import type { IssuedAccountToken } from "../account/tokens";
import { AppError, isAppError } from "../errors";
import type { RequestMeta } from "../request-meta";
import { recordAccountEvent } from "./account-audit";
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

export type CreateUserOptions = {
  /** When the address was proven (an invitation sent to it, a trusted seed); null, the default: still to confirm. */
  emailVerifiedAt?: Date | null;
  /** Runs in the account's own transaction, after the insert (a confirmation link, an audit record). */
  inTransaction?: (tx: Tx, user: SessionUser) => Promise<void>;
};

const TAKEN = "An account with this email already exists. Sign in instead.";

/** Creates an account; an address already taken is CONFLICT (sign-up itself never says so: see signUpFrom). */
export async function createUser(input: unknown, options: CreateUserOptions = {}): Promise<SessionUser> {
  const { name, email, password } = signUpSchema.parse(input);
  const existing = await db.user.findUnique({ where: { email } });
  if (existing) throw new AppError("CONFLICT", TAKEN, { email: "An account with this email already exists." });
  return insertUser({ name, email, passwordHash: await hashPassword(password) }, options);
}

async function insertUser(data: { name: string; email: string; passwordHash: string }, options: CreateUserOptions): Promise<SessionUser> {
  try {
    // In a transaction so it queues for the one SQLite connection: a bare write would land inside
    // whatever transaction another request has open, and vanish if that one rolls back.
    return await db.$transaction(async (tx) => {
      const row = await tx.user.create({ data: { ...data, emailVerifiedAt: options.emailVerifiedAt ?? null, isOperator: await isFirstAccount(tx) } });
      const user = { id: row.id, email: row.email, name: row.name };
      await options.inTransaction?.(tx, user);
      return user;
    });
  } catch (error) {
    // Two sign-ups for one address at once: the unique index decides.
    if ((error as { code?: string }).code === "P2002") throw new AppError("CONFLICT", TAKEN);
    throw error;
  }
}

/**
 * What sign-up leads to: with email verification on, "check your email" for
 * a new and a taken address alike (nobody is signed in); "signed-up" (sign in
 * now) when an invitation sent to the address proves it, or when the install
 * does not ask for confirmed addresses.
 */
export type SignUpOutcome = CheckEmailOutcome | { next: "signed-up"; user: SessionUser };

export type SignUpOptions = {
  /** The invitation whose link the sign-up came from (its token), if any. */
  invitationToken?: string;
  meta?: RequestMeta;
  /** Tests wait for the email; the app sends it in the background, so the answer takes as long either way. */
  waitForEmail?: boolean;
};

/**
 * Sign-up from the console: validates, charges the client address's sign-up
 * allowance, creates the account. With verification on, the answer never
 * tells whether the address was taken: a taken one gets an email to its owner
 * instead of an account, and both branches hash the password so they take
 * about as long.
 */
export async function signUpFrom(ip: string, input: unknown, throttle: SignUpThrottle = signUpThrottle(), options: SignUpOptions = {}): Promise<SignUpOutcome> {
  const values = signUpSchema.parse(input);
  await throttle.admit(ip);
  if (!emailVerificationRequired()) return { next: "signed-up", user: await createUser(values) };

  const meta = options.meta ?? { ip, userAgent: "" };
  const now = new Date();
  const [passwordHash, invited, existing] = await Promise.all([
    hashPassword(values.password),
    invitationProvesAddress(values.email, options.invitationToken, now),
    db.user.findUnique({ where: { email: values.email }, select: { id: true, name: true, email: true } }),
  ]);
  const taken = async (owner: { id: string; name: string; email: string }) => {
    const { sending } = await notifySignUpAttempt(owner, meta);
    if (options.waitForEmail) await sending;
    return checkEmail(values.email);
  };
  if (existing) return taken(existing);

  let issued: IssuedAccountToken | undefined;
  let user: SessionUser;
  try {
    user = await insertUser(
      { name: values.name, email: values.email, passwordHash },
      {
        emailVerifiedAt: invited ? now : null,
        inTransaction: async (tx, created) => {
          if (invited) await recordAccountEvent(tx, created.id, "email.verified", { email: created.email, via: "invitation" }, meta);
          else issued = await issueVerificationToken(tx, created.id, now);
        },
      },
    );
  } catch (error) {
    // Created by a parallel sign-up meanwhile: answered like any taken address.
    const owner = isAppError(error) && error.code === "CONFLICT" ? await db.user.findUnique({ where: { email: values.email }, select: { id: true, name: true, email: true } }) : null;
    if (owner) return taken(owner);
    throw error;
  }
  if (invited || !issued) return { next: "signed-up", user };
  const sending = sendVerificationEmail(user, issued);
  if (options.waitForEmail) await sending;
  return checkEmail(values.email);
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
  // An account made by single sign-on has no password (""): it is checked against the dummy hash like a
  // missing account, so it is refused after the same argon2 work and its existence does not show in the timing.
  const ok = await verifyPassword(user?.passwordHash || (await dummyPasswordHash()), password);
  if (!user || !user.passwordHash || !ok) throw new AppError("UNAUTHENTICATED", INVALID_CREDENTIALS);
  await admitted.succeeded();
  await recordSignIn(email, ip);
  return { id: user.id, email: user.email, name: user.name, twoFactor: user.totpEnabledAt !== null };
}
