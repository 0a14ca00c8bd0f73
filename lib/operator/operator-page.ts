import { notFound } from "next/navigation";
import { cache } from "react";
import type { Actor } from "../actor";
import { currentPath } from "../auth/current-path";
import { currentRequestMeta, requireUserOrRedirect } from "../auth/session";
import { userFacingError } from "../validation";
import { userIsOperator } from "./operators";

/**
 * For pages and the layout under /operator: the signed-in operator as an
 * actor, or the 404 page for anyone else (the area does not admit it exists).
 * Every page calls it itself: layouts are not re-rendered on client navigation.
 */
export const requireOperatorPage = cache(async (): Promise<{ actor: Actor; name: string }> => {
  const user = await requireUserOrRedirect(await currentPath());
  if (!(await userIsOperator(user.id))) notFound();
  return { actor: { userId: user.id, email: user.email, ...(await currentRequestMeta()) }, name: user.name };
});

/** A service read from URL input: not found or malformed → the 404 page. */
export async function orOperatorNotFound<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    const known = userFacingError(error);
    if (known && (known.code === "NOT_FOUND" || known.code === "INVALID")) notFound();
    throw error;
  }
}
