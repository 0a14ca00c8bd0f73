"use server";

import { z } from "zod";
import { createAdminKey as createAdminKeyService } from "@/lib/admin-keys/create";
import type { CreateAdminKeyInput } from "@/lib/admin-keys/schemas";
import { authedAction } from "../action";
import { revalidateAdminKeyPages } from "./revalidate";

// Parsed once, by the service, after its permission check: a stranger learns nothing about the fields.
const asSent = z.custom<CreateAdminKeyInput>((v) => typeof v === "object" && v !== null);

/** Returns the plain secret once; the client shows it and never stores it. */
export const createAdminKey = authedAction(asSent, async (input, actor) => {
  const created = await createAdminKeyService(actor, input);
  revalidateAdminKeyPages();
  return { data: created, message: `Created admin key ${created.key.name}.` };
});
