"use client";

import { Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { deleteTeam } from "@/lib/actions/teams/delete-team";

export function DeleteTeamButton({ team }: { team: { id: string; name: string } }) {
  const router = useRouter();

  return (
    <ConfirmDialog
      trigger={
        <Button variant="destructive">
          <Trash2 aria-hidden />
          Delete team
        </Button>
      }
      title={`Delete ${team.name}?`}
      description="This permanently deletes the team, removes every member, revokes all of its API keys at once and erases its usage history. It cannot be undone."
      confirmLabel="Delete team"
      destructive
      requireText={team.name}
      action={() => deleteTeam({ teamId: team.id, confirmName: team.name })}
      successToast={`Deleted ${team.name}.`}
      // The team page is gone: stay pending while the next page loads.
      keepPendingOnSuccess
      onSuccess={() => {
        router.push("/");
        router.refresh();
      }}
    />
  );
}
