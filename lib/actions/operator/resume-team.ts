"use server";

import { resumeTeamSchema } from "@/lib/operator/schemas";
import { resumeTeam as resumeTeamService } from "@/lib/operator/team-controls";
import { authedAction } from "../action";
import { revalidateOperatorPages } from "./revalidate";

export const resumeTeam = authedAction(resumeTeamSchema, async (input, actor) => {
  const { teamName } = await resumeTeamService(actor, input);
  revalidateOperatorPages();
  return { data: null, message: `Resumed ${teamName}. Its keys work again.` };
});
