import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import type { Actor } from "../actor";
import { AppError, GENERIC_ERROR_MESSAGE } from "../errors";
import { singleLineText } from "../validation";
import { authedAction, failure } from "./action";

afterEach(() => {
  vi.restoreAllMocks();
});

const actor: Actor = { userId: "u1", email: "u1@example.test", ip: "127.0.0.1", userAgent: "vitest" };
const asActor = async () => actor;
const schema = z.object({ name: singleLineText({ min: 1, minMessage: "Enter a name.", max: 20, maxMessage: "Too long." }) });

// What a database failure looks like: the driver's message carries SQL, table names and values.
const INTERNAL = () =>
  Object.assign(new Error('SQLITE_CONSTRAINT: UNIQUE constraint failed: ApiKey.hash (value "secret-hash-4f2a")'), { code: "P2002" });

describe("failure", () => {
  it("never shows an internal error's message, and logs it on the server", () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const error = INTERNAL();
    const result = failure(error);
    expect(result).toEqual({ ok: false, code: "INTERNAL", error: GENERIC_ERROR_MESSAGE });
    expect(JSON.stringify(result)).not.toMatch(/SQLITE|secret|ApiKey/);
    expect(errors).toHaveBeenCalledWith(expect.any(String), error);
  });

  it("hides thrown values that are not errors too", () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    expect(failure("secret-token")).toEqual({ ok: false, code: "INTERNAL", error: GENERIC_ERROR_MESSAGE });
    expect(failure({ message: "secret" })).toEqual({ ok: false, code: "INTERNAL", error: GENERIC_ERROR_MESSAGE });
  });

  it("passes an AppError's code, message and field errors through, without logging", () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    expect(failure(new AppError("CONFLICT", "That name is taken.", { name: "Pick another name." }))).toEqual({
      ok: false,
      code: "CONFLICT",
      error: "That name is taken.",
      fieldErrors: { name: "Pick another name." },
    });
    expect(errors).not.toHaveBeenCalled();
  });

  it("turns a zod error into field errors", () => {
    expect(failure(schema.safeParse({ name: "a\nb" }).error)).toMatchObject({
      ok: false,
      code: "INVALID",
      fieldErrors: { name: expect.stringContaining("line breaks") },
    });
  });
});

describe("authedAction", () => {
  it("runs the handler with the actor and the parsed input", async () => {
    const action = authedAction(schema, async (input, who) => ({ data: `${input.name}:${who.userId}`, message: "Done." }), asActor);
    await expect(action({ name: "  Acme " })).resolves.toEqual({ ok: true, data: "Acme:u1", message: "Done." });
  });

  it("reads form data", async () => {
    const action = authedAction(schema, async (input) => input.name, asActor);
    const form = new FormData();
    form.set("name", "From a form");
    await expect(action(form)).resolves.toEqual({ ok: true, data: "From a form" });
  });

  it("answers invalid input with field errors and never calls the handler", async () => {
    const handler = vi.fn(async () => "never");
    const result = await authedAction(schema, handler, asActor)({ name: "Acme\uD800" });
    expect(result).toMatchObject({ ok: false, code: "INVALID", fieldErrors: { name: expect.stringContaining("broken character") } });
    expect(handler).not.toHaveBeenCalled();
  });

  it("shows the generic message when the handler fails unexpectedly, logging the cause", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const error = INTERNAL();
    const result = await authedAction(schema, async () => Promise.reject(error), asActor)({ name: "Acme" });
    expect(result).toEqual({ ok: false, code: "INTERNAL", error: GENERIC_ERROR_MESSAGE });
    expect(JSON.stringify(result)).not.toMatch(/SQLITE|secret/);
    expect(errors).toHaveBeenCalledWith(expect.any(String), error);
  });

  it("passes the handler's AppError through", async () => {
    const result = await authedAction(schema, async () => Promise.reject(new AppError("FORBIDDEN", "Your role doesn't allow that.")), asActor)({
      name: "Acme",
    });
    expect(result).toEqual({ ok: false, code: "FORBIDDEN", error: "Your role doesn't allow that.", fieldErrors: undefined });
  });

  it("turns a zod error thrown by the service into field errors, not INTERNAL", async () => {
    const inner = z.object({ teamId: z.string().min(1, "Missing team.") });
    const result = await authedAction(schema, async () => inner.parse({ teamId: "" }), asActor)({ name: "Acme" });
    expect(result).toMatchObject({ ok: false, code: "INVALID", error: "Missing team.", fieldErrors: { teamId: "Missing team." } });
  });

  it("refuses without a session before validating or calling anything", async () => {
    const handler = vi.fn(async () => "never");
    const signedOut = async (): Promise<Actor> => {
      throw new AppError("UNAUTHENTICATED", "Your session has ended. Sign in again.");
    };
    const result = await authedAction(schema, handler, signedOut)({ name: "" });
    expect(result).toMatchObject({ ok: false, code: "UNAUTHENTICATED" });
    expect(handler).not.toHaveBeenCalled();
  });
});
