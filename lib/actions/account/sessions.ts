"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { revokeAllSessions, revokeSession } from "@/lib/auth/sessions";
import { AppError } from "@/lib/errors";
import { authedAction } from "../action";

// Session ids are SHA-256 hex digests.
const sessionIdSchema = z.string({ error: "Choose a session." }).regex(/^[0-9a-f]{64}$/, "Choose a session.");

/** Signs out one of the caller's sessions; another user's id, or one already gone, is "not found". */
export const signOutSession = authedAction(z.object({ sessionId: sessionIdSchema }), async ({ sessionId }, actor) => {
  const done = await revokeSession(actor.userId, sessionId, actor);
  if (!done) throw new AppError("NOT_FOUND", "That session has already ended.");
  revalidatePath("/account");
  return { data: null, message: "Signed out that session. It must sign in again on its next request." };
});

/** Signs out every session of the caller, this browser's too (the page then goes to sign-in). */
export const signOutEverywhere = authedAction(z.object({}), async (_input, actor) => {
  const count = await revokeAllSessions(actor.userId, actor);
  return { data: { count }, message: `Signed out ${count === 1 ? "1 session" : `${count} sessions`}.` };
});
