import type http from "node:http";
import { z } from "zod";
import { AppError, type ErrorCode } from "../errors";
import { randomBase62 } from "../keys/format";

/** The error types of Anthropic's API that the Admin API answers with. */
export const ADMIN_ERROR_TYPES = [
  "invalid_request_error",
  "authentication_error",
  "permission_error",
  "not_found_error",
  "request_too_large",
  "rate_limit_error",
  "api_error",
] as const;
export type AdminErrorType = (typeof ADMIN_ERROR_TYPES)[number];

export const adminErrorSchema = z
  .object({
    type: z.literal("error"),
    error: z.object({
      type: z.enum(ADMIN_ERROR_TYPES),
      message: z.string(),
    }),
  })
  .meta({
    id: "AdminError",
    description: "Every Admin API failure: Anthropic's error shape. The `request-id` header names the request in the server's logs.",
    example: { type: "error", error: { type: "not_found_error", message: "User not found." } },
  });

const FOR_CODE: Record<ErrorCode, { status: number; type: AdminErrorType }> = {
  INVALID: { status: 400, type: "invalid_request_error" },
  UNAUTHENTICATED: { status: 401, type: "authentication_error" },
  FORBIDDEN: { status: 403, type: "permission_error" },
  NOT_FOUND: { status: 404, type: "not_found_error" },
  CONFLICT: { status: 409, type: "invalid_request_error" },
  RATE_LIMITED: { status: 429, type: "rate_limit_error" },
  INTERNAL: { status: 500, type: "api_error" },
};

export const INTERNAL_MESSAGE = "Internal server error";

/** A failure the router answers as is (status, Anthropic type, message). */
export class AdminApiError extends Error {
  constructor(readonly status: number, readonly type: AdminErrorType, message: string, readonly headers: Record<string, string> = {}) {
    super(message);
  }
}

/** A fresh id for the `request-id` header (and the log line of a 500). */
export function newRequestId(): string {
  return `req_${randomBase62(24)}`;
}

export function sendAdminJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(payload),
    "cache-control": "no-store",
    ...headers,
  });
  res.end(payload);
}

export function sendAdminError(res: http.ServerResponse, status: number, type: AdminErrorType, message: string, headers: Record<string, string> = {}): void {
  sendAdminJson(res, status, { type: "error", error: { type, message } }, headers);
}

/**
 * What to answer for anything a handler threw: AppError and AdminApiError keep
 * their message; anything else is a 500 whose cause stays in the log.
 */
export function errorAnswer(error: unknown): { status: number; type: AdminErrorType; message: string; headers: Record<string, string>; internal: boolean } {
  if (error instanceof AdminApiError) return { status: error.status, type: error.type, message: error.message, headers: error.headers, internal: false };
  if (error instanceof AppError && error.code !== "INTERNAL") {
    const { status, type } = FOR_CODE[error.code];
    const fields = error.fieldErrors ? Object.entries(error.fieldErrors) : [];
    // A field error the service raised (e.g. an invitation's role) names its field, as a 400 from the schema does.
    const message = fields.length > 0 && !fields.some(([, m]) => m === error.message) ? `${error.message} ${fields.map(([f, m]) => `${f}: ${m}`).join("; ")}` : error.message;
    return { status, type, message, headers: {}, internal: false };
  }
  return { status: 500, type: "api_error", message: INTERNAL_MESSAGE, headers: {}, internal: true };
}

/** Zod issues as one line: "limit: Too big: expected number to be <=1000; email: Invalid email address". */
export function summariseIssues(issues: readonly z.core.$ZodIssue[], where?: string): string {
  const parts = issues.slice(0, 5).map((issue) => {
    const path = issue.path.map(String).join(".");
    const name = [where, path].filter(Boolean).join(".");
    return name ? `${name}: ${issue.message}` : issue.message;
  });
  return parts.join("; ") + (issues.length > 5 ? ` (and ${issues.length - 5} more)` : "");
}
