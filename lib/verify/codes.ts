/**
 * Every answer POST /api/v1/keys/verify (and the gateway) can give a key,
 * defined once. Adding a code means adding it here and a check in
 * lib/verify/checks.ts; the rollup column it counts in is named here too.
 */
export const VERIFY_CODES = [
  "VALID",
  "MALFORMED",
  "NOT_FOUND",
  "EXPIRED",
  "REVOKED",
  "TEAM_SUSPENDED",
  "IP_NOT_ALLOWED",
  "MODEL_NOT_ALLOWED",
  "BUDGET_EXCEEDED",
  "RATE_LIMITED",
] as const;
export type VerifyCode = (typeof VERIFY_CODES)[number];

/** Codes given to a key that exists, and so recorded as a usage event of that key, with the rollup column counting them. */
export const OUTCOME_COLUMNS = {
  VALID: "valid",
  EXPIRED: "expired",
  REVOKED: "revoked",
  TEAM_SUSPENDED: "teamSuspended",
  IP_NOT_ALLOWED: "ipNotAllowed",
  MODEL_NOT_ALLOWED: "modelNotAllowed",
  BUDGET_EXCEEDED: "budgetExceeded",
  RATE_LIMITED: "rateLimited",
} as const satisfies Partial<Record<VerifyCode, string>>;

export type VerifyOutcome = keyof typeof OUTCOME_COLUMNS;
export type OutcomeColumn = (typeof OUTCOME_COLUMNS)[VerifyOutcome];
export const VERIFY_OUTCOMES = Object.keys(OUTCOME_COLUMNS) as VerifyOutcome[];
export const OUTCOME_COLUMN_NAMES = Object.values(OUTCOME_COLUMNS) as OutcomeColumn[];

/** What each code means to a person reading a chart or a log. */
export const VERIFY_CODE_LABELS: Record<VerifyCode, string> = {
  VALID: "Valid",
  MALFORMED: "Malformed",
  NOT_FOUND: "Not found",
  EXPIRED: "Expired",
  REVOKED: "Revoked",
  TEAM_SUSPENDED: "Team suspended",
  IP_NOT_ALLOWED: "IP not allowed",
  MODEL_NOT_ALLOWED: "Model not allowed",
  BUDGET_EXCEEDED: "Over budget",
  RATE_LIMITED: "Rate limited",
};
