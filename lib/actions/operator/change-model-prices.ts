"use server";

import { changeModelPrices as changeModelPricesService } from "@/lib/operator/models";
import { changeModelPricesSchema } from "@/lib/operator/schemas";
import { authedAction } from "../action";
import { revalidateOperatorPages } from "./revalidate";

export const changeModelPrices = authedAction(changeModelPricesSchema, async (input, actor) => {
  const { model, changed } = await changeModelPricesService(actor, input);
  revalidateOperatorPages();
  return {
    data: model,
    message: changed ? `New prices for ${model.displayName} apply from now on.` : "These are already the current prices.",
  };
});
