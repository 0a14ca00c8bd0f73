"use server";

import { addModel as addModelService } from "@/lib/operator/models";
import { addModelSchema } from "@/lib/operator/schemas";
import { authedAction } from "../action";
import { revalidateOperatorPages } from "./revalidate";

export const addModel = authedAction(addModelSchema, async (input, actor) => {
  const model = await addModelService(actor, input);
  revalidateOperatorPages();
  return { data: model, message: `Added ${model.displayName} to the catalogue.` };
});
