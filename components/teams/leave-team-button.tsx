"use client";

import { LogOut } from "lucide-react";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { leaveTeam } from "@/lib/actions/teams/leave-team";

export function LeaveTeamButton({ team }: { team: { id: string; name: string } }) {
  const router = useRouter();

  return (
    <ConfirmDialog
      trigger={
        <Button variant="outline">
          <LogOut aria-hidden />
          Leave team
        </Button>
      }
      title={`Leave ${team.name}?`}
      description="You will lose access to its API keys, usage and members right away. To come back, an admin has to invite you again."
      confirmLabel="Leave team"
      destructive
      action={() => leaveTeam({ teamId: team.id })}
      successToast={`You left ${team.name}.`}
      keepPendingOnSuccess
      onSuccess={() => {
        router.push("/");
        router.refresh();
      }}
    />
  );
}
