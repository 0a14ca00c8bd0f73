"use client";

import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { useAction } from "@/components/ui/use-action";
import { acceptInvitation } from "@/lib/actions/invitations/accept-invitation";

export function AcceptInvitationButton({ token, teamName }: { token: string; teamName: string }) {
  const router = useRouter();
  const accept = useAction(acceptInvitation, {
    successToast: (_, message) => message ?? `Welcome to ${teamName}!`,
    // Stays "pending" while the team's keys page loads.
    keepPendingOnSuccess: true,
    onSuccess: (data) => router.push(`/${data.team.slug}/keys`),
    onError: (failure) => {
      // The invitation may have changed state (used, revoked): show the page's current answer.
      if (failure.code !== "NETWORK") router.refresh();
    },
  });

  return (
    <div className="grid gap-3">
      <Button size="lg" className="w-full" loading={accept.pending} onClick={() => void accept.execute({ token })}>
        Join {teamName}
      </Button>
      {accept.formError && (
        <p role="alert" className="text-sm font-medium text-destructive">
          {accept.formError}
        </p>
      )}
    </div>
  );
}
