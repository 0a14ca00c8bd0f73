"use client";

import { UserMinus } from "lucide-react";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { removeMember } from "@/lib/actions/members/remove-member";

export type RemoveMemberButtonProps = {
  teamId: string;
  teamName: string;
  membershipId: string;
  memberName: string;
  memberEmail: string;
  disabledReason: string | null;
};

export function RemoveMemberButton({ teamId, teamName, membershipId, memberName, memberEmail, disabledReason }: RemoveMemberButtonProps) {
  const router = useRouter();

  if (disabledReason) {
    // Disabled buttons swallow pointer events, so the explanation sits on a wrapper.
    return (
      <span title={disabledReason} className="inline-flex cursor-not-allowed">
        <Button variant="ghost" size="sm" disabled aria-label={`Remove ${memberName}: ${disabledReason}`}>
          <UserMinus aria-hidden />
          Remove
        </Button>
      </span>
    );
  }

  return (
    <ConfirmDialog
      trigger={
        <Button variant="ghost" size="sm" className="text-destructive hover:bg-destructive/10 hover:text-destructive" aria-label={`Remove ${memberName}`}>
          <UserMinus aria-hidden />
          Remove
        </Button>
      }
      title={`Remove ${memberName}?`}
      description={
        <>
          {memberEmail} loses access to {teamName} immediately, including its API keys page and usage. Keys they created keep working
          until someone revokes them.
        </>
      }
      confirmLabel="Remove member"
      destructive
      action={() => removeMember({ teamId, membershipId })}
      successToast={`${memberName} was removed from ${teamName}.`}
      onSuccess={() => router.refresh()}
    />
  );
}
