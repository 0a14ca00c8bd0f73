"use server";

import { revalidatePath } from "next/cache";
import { deleteTeam as deleteTeamService } from "@/lib/teams/delete-team";
import { deleteTeamSchema } from "@/lib/teams/schemas";
import { authedAction } from "../action";

export const deleteTeam = authedAction(deleteTeamSchema, async (input, actor) => {
  const team = await deleteTeamService(actor, input);
  revalidatePath("/", "layout");
  return { data: team, message: `Deleted ${team.name}.` };
});
