"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@/components/ui/dialog";
import { Select } from "@/components/ui/select";
import { Spinner } from "@/components/ui/spinner";
import { toast } from "@/components/ui/toast";
import { changeMemberRole } from "@/lib/actions/members/change-member-role";
import { ROLE_LABELS, type Role } from "@/lib/permissions";

export type MemberRoleSelectProps = {
  teamId: string;
  membershipId: string;
  memberLabel: string;
  role: Role;
  /** Roles the viewer may hand out; the member's current role is always shown. */
  options: Role[];
  isSelf: boolean;
  /** Why the control is disabled; null when it is enabled. */
  disabledReason: string | null;
};

export function MemberRoleSelect({ teamId, membershipId, memberLabel, role, options, isSelf, disabledReason }: MemberRoleSelectProps) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [confirming, setConfirming] = useState<Role | null>(null);
  // Shows the chosen role while saving; the table re-mounts this with the saved role after refresh.
  const [value, setValue] = useState<Role>(role);
  const choices = options.includes(role) ? options : [role, ...options];
  const reasonId = `role-reason-${membershipId}`;

  async function apply(next: Role) {
    setPending(true);
    setValue(next);
    const result = await changeMemberRole({ teamId, membershipId, role: next });
    setPending(false);
    setConfirming(null);
    if (!result.ok) {
      setValue(role);
      toast.error(result.error);
      return;
    }
    toast.success(result.message ?? "Role changed.");
    router.refresh();
  }

  function handleChange(next: Role) {
    if (next === role) return;
    // Lowering your own role can't be undone by yourself, so ask first.
    if (isSelf) setConfirming(next);
    else void apply(next);
  }

  return (
    <div className="flex items-center gap-2" title={disabledReason ?? undefined}>
      <Select
        aria-label={`Role of ${memberLabel}`}
        wrapperClassName="w-40"
        className="h-8"
        value={value}
        disabled={pending || !!disabledReason}
        aria-describedby={disabledReason ? reasonId : undefined}
        onChange={(e) => handleChange(e.target.value as Role)}
        options={choices.map((r) => ({ value: r, label: ROLE_LABELS[r] }))}
      />
      {disabledReason && (
        <span id={reasonId} className="sr-only">
          {disabledReason}
        </span>
      )}
      {pending && <Spinner label="Saving role" className="text-muted-foreground" />}

      <Dialog open={confirming !== null} onOpenChange={(open) => !open && !pending && setConfirming(null)}>
        <DialogContent showCloseButton={!pending}>
          <DialogHeader>
            <DialogTitle>Change your own role?</DialogTitle>
            <DialogDescription>
              You will become {confirming ? ROLE_LABELS[confirming] : ""}. You may lose access to some settings, and only an owner
              {role === "owner" ? "" : " or admin"} can give the role back.
            </DialogDescription>
          </DialogHeader>
          <DialogFooter>
            <Button variant="outline" disabled={pending} onClick={() => setConfirming(null)}>
              Cancel
            </Button>
            <Button loading={pending} onClick={() => confirming && void apply(confirming)}>
              Change my role
            </Button>
          </DialogFooter>
        </DialogContent>
      </Dialog>
    </div>
  );
}
