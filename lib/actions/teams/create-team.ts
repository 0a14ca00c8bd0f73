"use server";

import { revalidatePath } from "next/cache";
import { createTeam as createTeamService } from "@/lib/teams/create-team";
import { createTeamSchema } from "@/lib/teams/schemas";
import { authedAction } from "../action";

export const createTeam = authedAction(createTeamSchema, async (input, actor) => {
  const team = await createTeamService(actor, input);
  revalidatePath("/", "layout");
  return { data: team, message: `Created ${team.name}.` };
});
