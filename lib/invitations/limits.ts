import { AppError } from "../errors";
import { DbLimiter } from "../limits/db-limiter";
import { installedLowRateLimiter } from "../limits/installed";
import { tryAgainIn, type Limiter, type LimitRule } from "../limits/limiter";
import { reserve, type LimitCheck } from "../limits/reserve";

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

/**
 * How many invitation emails (invitations and resends alike) may go out.
 * Fixed windows aligned to the UTC hour and day (lib/limits/limiter.ts).
 * - per inviter, across all their teams: a new account cannot create teams to send more;
 * - per team, whoever sends: several admins together cannot flood either;
 * - per recipient address and team: one team cannot bomb a mailbox;
 * - per recipient address, across all teams, with more room: many teams together cannot either,
 *   while a stranger's team cannot use up an address's allowance and keep its real team from
 *   inviting it (which a low cross-team limit would allow).
 */
export const INVITATION_LIMITS = {
  perInviterPerHour: { limit: 20, windowMs: HOUR },
  perInviterPerDay: { limit: 100, windowMs: DAY },
  perTeamPerHour: { limit: 50, windowMs: HOUR },
  perTeamPerDay: { limit: 200, windowMs: DAY },
  perTeamRecipientPerDay: { limit: 3, windowMs: DAY },
  perRecipientPerDay: { limit: 20, windowMs: DAY },
} as const satisfies Record<string, LimitRule>;

export type InvitationLimits = Record<keyof typeof INVITATION_LIMITS, LimitRule>;

/** Who sends, for which team, to whom. `email` is already normalised (lower case) by the schema. */
export type InvitationScope = { inviterId: string; teamId: string; email: string };

type ScopedCheck = LimitCheck & { scope: "inviter" | "team" | "recipient" };

/** The counters one invitation email is charged to, in the order they are charged. */
export function invitationLimitChecks(scope: InvitationScope, limits: InvitationLimits = INVITATION_LIMITS): ScopedCheck[] {
  const inviter = `invitations:inviter:${scope.inviterId}`;
  const team = `invitations:team:${scope.teamId}`;
  const recipient = `invitations:recipient:${scope.email}`;
  const teamRecipient = `invitations:team-recipient:${scope.teamId}:${scope.email}`;
  // Hourly rules first: in a burst, a refusal then names the rule that really binds, not a daily
  // count inflated for a moment by charges the hourly rule is about to give back.
  return [
    { scope: "inviter", key: inviter, rule: limits.perInviterPerHour },
    { scope: "team", key: team, rule: limits.perTeamPerHour },
    { scope: "inviter", key: inviter, rule: limits.perInviterPerDay },
    { scope: "team", key: team, rule: limits.perTeamPerDay },
    { scope: "recipient", key: teamRecipient, rule: limits.perTeamRecipientPerDay },
    { scope: "recipient", key: recipient, rule: limits.perRecipientPerDay },
  ];
}

function refusal(check: ScopedCheck, email: string, wait: string, field?: "email"): AppError {
  if (check.scope === "inviter") return new AppError("RATE_LIMITED", `You've sent too many invitations. ${wait}`);
  if (check.scope === "team") return new AppError("RATE_LIMITED", `This team has sent too many invitations. ${wait}`);
  const message = `${email} has been sent too many invitations today. ${wait}`;
  return new AppError("RATE_LIMITED", message, field ? { [field]: message } : undefined);
}

export type InvitationQuotaOptions = {
  limiter?: Limiter;
  limits?: InvitationLimits;
  /** Put the per-recipient refusal on this form field (the invite form's address). */
  field?: "email";
};

/**
 * Charges one invitation email to every counter in `scope`, atomically per
 * counter, before the work; throws RATE_LIMITED (after giving back what it
 * took, so a refused call changes no count) when any is used up. Call it once
 * the request is known to be allowed and not a duplicate, and `release()` if
 * the work then fails, so only emails actually sent are counted.
 */
export async function reserveInvitationEmail(
  scope: InvitationScope,
  now: Date,
  { limiter = invitationLimiter(), limits = INVITATION_LIMITS, field }: InvitationQuotaOptions = {},
): Promise<{ release: () => Promise<void> }> {
  const checks = invitationLimitChecks(scope, limits);
  const at = now.getTime();
  const reservation = await reserve(limiter, checks, { now: at });
  if (!reservation.allowed) {
    throw refusal(reservation.check as ScopedCheck, scope.email, tryAgainIn(reservation.refused, at), field);
  }
  return { release: reservation.release };
}

/** Runs `work` under a reservation, giving it back when `work` fails. */
export async function withInvitationEmail<T>(
  scope: InvitationScope,
  now: Date,
  options: InvitationQuotaOptions,
  work: () => Promise<T>,
): Promise<T> {
  const reservation = await reserveInvitationEmail(scope, now, options);
  try {
    return await work();
  } catch (error) {
    await reservation.release();
    throw error;
  }
}

let fallback: Limiter | undefined;

/**
 * The limiter the server installed at start (lib/limits/from-config.ts: Redis
 * when REDIS_URL is set, else the database); without one (tests, scripts) a
 * database counter, shared by every process on the database.
 */
export function invitationLimiter(): Limiter {
  return installedLowRateLimiter() ?? (fallback ??= new DbLimiter());
}
