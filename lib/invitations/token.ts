import crypto from "node:crypto";
import { appBaseUrl } from "../email/config";

export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/** 32 random bytes (256 bits), base64url: safe in a URL path without escaping. */
export function generateInvitationToken(): string {
  return crypto.randomBytes(32).toString("base64url");
}

/** Only this hash is stored, so a copy of the database cannot be used to join teams. */
export function hashInvitationToken(token: string): string {
  return crypto.createHash("sha256").update(token, "utf8").digest("hex");
}

export function invitationUrl(token: string): string {
  return `${appBaseUrl()}/invite/${token}`;
}

export function isWellFormedToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(token);
}

export function newExpiry(now = new Date()): Date {
  return new Date(now.getTime() + INVITATION_TTL_MS);
}
