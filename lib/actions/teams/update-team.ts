"use server";

import { revalidatePath } from "next/cache";
import { updateTeamSchema } from "@/lib/teams/schemas";
import { updateTeam as updateTeamService } from "@/lib/teams/update-team";
import { authedAction } from "../action";

export const updateTeam = authedAction(updateTeamSchema, async (input, actor) => {
  const team = await updateTeamService(actor, input);
  revalidatePath("/", "layout");
  return { data: team, message: "Team settings saved." };
});
