"use server";

import { getPolicyOptions as getPolicyOptionsService } from "@/lib/policy/policy-options";
import { idSchema } from "@/lib/validation";
import { z } from "zod";
import { authedAction } from "../action";

/** A read, as an action so the create dialog can load it when its "Limits" section opens. */
export const getPolicyOptions = authedAction(z.object({ teamId: idSchema("team") }), (input, actor) => getPolicyOptionsService(actor, input));
