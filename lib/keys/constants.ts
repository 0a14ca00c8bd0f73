/**
 * Key vocabulary with no server dependencies, so client components can import
 * it (format.ts uses node:crypto and must stay server-only).
 */
export const ENVIRONMENTS = ["development", "production"] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

export const ENVIRONMENT_LABELS: Record<Environment, string> = {
  development: "Development",
  production: "Production",
};

export const EXPIRY_CHOICES = ["never", "30d", "90d", "180d", "custom"] as const;
export type ExpiryChoice = (typeof EXPIRY_CHOICES)[number];
export const DEFAULT_EXPIRY: ExpiryChoice = "90d";
export const EXPIRY_LABELS: Record<ExpiryChoice, string> = {
  never: "Never",
  "30d": "30 days",
  "90d": "90 days",
  "180d": "180 days",
  custom: "Custom date",
};

/** How long the old secret keeps working after a rotation. */
export const ROTATION_OVERLAPS = ["none", "1h", "24h", "7d"] as const;
export type RotationOverlap = (typeof ROTATION_OVERLAPS)[number];
const HOUR = 60 * 60 * 1000;
export const OVERLAP_MS: Record<RotationOverlap, number> = { none: 0, "1h": HOUR, "24h": 24 * HOUR, "7d": 7 * 24 * HOUR };
export const OVERLAP_LABELS: Record<RotationOverlap, string> = {
  none: "Revoke the old secret now",
  "1h": "Keep the old secret working for 1 hour",
  "24h": "Keep the old secret working for 24 hours",
  "7d": "Keep the old secret working for 7 days",
};

export const KEY_STATUSES = ["active", "expiring", "expired", "revoked", "rotating"] as const;
export type KeyStatus = (typeof KEY_STATUSES)[number];
export const KEY_STATUS_LABELS: Record<KeyStatus, string> = {
  active: "Active",
  expiring: "Expiring soon",
  expired: "Expired",
  revoked: "Revoked",
  rotating: "Rotating",
};
