"use server";

import { revalidatePath } from "next/cache";
import type { z } from "zod";
import { type AccountActor } from "@/lib/account/confirm-identity";
import { deleteAccount as deleteAccountService } from "@/lib/account/delete-account";
import { changePassword as changePasswordService, setPassword as setPasswordService } from "@/lib/account/password-change";
import { updateProfile as updateProfileService } from "@/lib/account/profile";
import { changePasswordSchema, deleteAccountSchema, setPasswordSchema, updateProfileSchema } from "@/lib/account/profile-schemas";
import { currentRequestMeta, getCurrentSession } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import type { Actor } from "@/lib/actor";
import { authedAction } from "../action";

/** The signed-in user and this browser's session (a password change keeps it, and signs out the others). */
async function accountActor(): Promise<AccountActor> {
  const current = await getCurrentSession();
  if (!current) throw new AppError("UNAUTHENTICATED", "Your session has ended. Sign in again.");
  return { userId: current.user.id, email: current.user.email, sessionId: current.sessionId, ...(await currentRequestMeta()) };
}

function accountAction<S extends z.ZodType, T>(schema: S, handler: (input: z.infer<S>, actor: AccountActor) => Promise<{ data: T; message: string }>) {
  // accountActor is the actor source, so the actor the handler gets is an AccountActor.
  return authedAction(schema, (input, actor: Actor) => handler(input, actor as AccountActor), accountActor);
}

export const updateProfile = accountAction(updateProfileSchema, async (input, actor) => {
  const { name, changed } = await updateProfileService(actor, input);
  // The header's account menu shows the name on every console page.
  revalidatePath("/", "layout");
  return { data: { name }, message: changed ? "Name saved." : "Nothing to save: that is already your name." };
});

export const changePassword = accountAction(changePasswordSchema, async (input, actor) => {
  const { signedOut } = await changePasswordService(actor, input);
  revalidatePath("/account");
  const others = signedOut === 0 ? "No other session was signed in." : `Signed out ${signedOut === 1 ? "1 other session" : `${signedOut} other sessions`}.`;
  return { data: { signedOut }, message: `Password changed. ${others}` };
});

export const setPassword = accountAction(setPasswordSchema, async (input, actor) => {
  await setPasswordService(actor, input);
  revalidatePath("/account");
  return { data: null, message: "Password set. You can now sign in with your email and password too." };
});

/** Deletes the caller's account; the client then signs the browser out (its session is already gone). */
export const deleteAccount = accountAction(deleteAccountSchema, async (input, actor) => {
  const deleted = await deleteAccountService(actor, input);
  return { data: { email: deleted.email }, message: "Your account has been deleted." };
});
