"use server";

import { z } from "zod";
import { setKeyPolicy as setKeyPolicyService } from "@/lib/policy/key-policy";
import type { SetKeyPolicyInput } from "@/lib/policy/schemas";
import { authedAction } from "../action";
import { revalidateKeyPages } from "../keys/revalidate";

// The schema transforms (USD text to micro-dollars, lists normalised), so the input goes to the
// service as sent and is parsed there once, after the permission check.
const asSent = z.custom<SetKeyPolicyInput>((v) => typeof v === "object" && v !== null);

export const setKeyPolicy = authedAction(asSent, async (input, actor) => {
  const policy = await setKeyPolicyService(actor, input);
  revalidateKeyPages();
  return { data: policy, message: "Policy saved." };
});
