"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { toast } from "@/components/ui/toast";
import { acceptInvitation } from "@/lib/actions/invitations/accept-invitation";

export function AcceptInvitationButton({ token, teamName }: { token: string; teamName: string }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function join() {
    setPending(true);
    setError(null);
    const result = await acceptInvitation({ token });
    if (!result.ok) {
      setPending(false);
      setError(result.error);
      toast.error(result.error);
      // The invitation may have changed state (used, revoked): show the page's current answer.
      router.refresh();
      return;
    }
    toast.success(result.message ?? `Welcome to ${teamName}!`);
    // Stays "pending" while the team's keys page loads.
    router.push(`/${result.data.team.slug}/keys`);
  }

  return (
    <div className="grid gap-3">
      <Button size="lg" className="w-full" loading={pending} onClick={() => void join()}>
        Join {teamName}
      </Button>
      {error && (
        <p role="alert" className="text-sm font-medium text-destructive">
          {error}
        </p>
      )}
    </div>
  );
}
