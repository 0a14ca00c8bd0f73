"use server";

import { updateModel as updateModelService } from "@/lib/operator/models";
import { updateModelSchema } from "@/lib/operator/schemas";
import { authedAction } from "../action";
import { revalidateOperatorPages } from "./revalidate";

export const updateModel = authedAction(updateModelSchema, async (input, actor) => {
  const { model, changed } = await updateModelService(actor, input);
  revalidateOperatorPages();
  return { data: model, message: changed ? `Saved ${model.displayName}.` : "Nothing changed." };
});
