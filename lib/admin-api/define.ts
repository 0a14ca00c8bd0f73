import type http from "node:http";
import type { z } from "zod";
import type { Actor } from "../actor";

/** What a handler gets: the admin-key actor, its team, and the validated input. */
export type AdminContext<P, Q, B> = {
  actor: Actor;
  teamId: string;
  params: P;
  query: Q;
  body: B;
  req: http.IncomingMessage;
};

export type AdminMethod = "GET" | "POST" | "DELETE";

/**
 * One Admin API endpoint, declared once: the router validates with these schemas
 * and calls the handler; the OpenAPI document (lib/openapi/document.ts) is
 * generated from the same schemas, so the spec cannot drift from the code.
 */
export type AdminEndpoint = {
  method: AdminMethod;
  /** OpenAPI style, e.g. "/v1/organizations/api_keys/{api_key_id}". */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  /** Organization, Users, Invites, API keys, Usage and cost, Audit log. */
  tag: string;
  /** Path parameters (strings). */
  params?: z.ZodObject<any>;
  /**
   * The query string. The router turns `x[]` into `x` and repeated keys into arrays;
   * a field whose schema is an array receives an array even for a single value.
   */
  query?: z.ZodObject<any>;
  /** The JSON body (POST). */
  body?: z.ZodType;
  /** The success body (200). Not re-validated at run time; tests check it against the spec. */
  response: z.ZodType;
  /** GET-like: allowed for read-only admin keys (documented as such). */
  readOnly?: boolean;
  /** Returns the body; throws AppError for failures. */
  handler(ctx: AdminContext<any, any, any>): Promise<unknown>;
};

type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

/** Declares an endpoint with its handler typed from its schemas. */
export function defineEndpoint<
  P extends z.ZodObject<any> | undefined = undefined,
  Q extends z.ZodObject<any> | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
  R extends z.ZodType = z.ZodType,
>(
  endpoint: Omit<AdminEndpoint, "params" | "query" | "body" | "response" | "handler"> & {
    params?: P;
    query?: Q;
    body?: B;
    response: R;
    handler(ctx: AdminContext<Out<P>, Out<Q>, Out<B>>): Promise<z.input<R>>;
  },
): AdminEndpoint {
  return endpoint as AdminEndpoint;
}
