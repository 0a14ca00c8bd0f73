"use client";

import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { Select } from "@/components/ui/select";
import { useAction } from "@/components/ui/use-action";
import { changeMemberRole } from "@/lib/actions/members/change-member-role";
import { ROLE_LABELS, type Role } from "@/lib/permissions";
import { RoleChangeDialog, type RoleChange } from "./role-change-dialog";

export type MemberRoleSelectProps = {
  teamId: string;
  membershipId: string;
  member: { name: string; email: string };
  role: Role;
  /** Roles the viewer may hand out; the member's current role is always shown. */
  options: Role[];
  isSelf: boolean;
  /** Why the control is disabled; null when it is enabled. */
  disabledReason: string | null;
};

/**
 * A role select that changes nothing by itself: picking a role (with the mouse
 * or an arrow key) only asks, in a dialog, for confirmation. Cancel puts the
 * select back; either way focus returns to it.
 */
export function MemberRoleSelect({ teamId, membershipId, member, role, options, isSelf, disabledReason }: MemberRoleSelectProps) {
  const router = useRouter();
  // The saved role: ours right after a change, the server's after each refresh.
  const [saved, setSaved] = useState<Role>(role);
  const [serverRole, setServerRole] = useState<Role>(role);
  if (role !== serverRole) {
    setServerRole(role);
    setSaved(role);
  }
  const [change, setChange] = useState<RoleChange | null>(null);
  const save = useAction(changeMemberRole, {
    successToast: (data) =>
      !data.changed
        ? "Role unchanged."
        : isSelf
          ? `Your role is now ${ROLE_LABELS[data.to]}.`
          : `${member.name}'s role is now ${ROLE_LABELS[data.to]}.`,
    onSuccess: (data) => {
      setSaved(data.to);
      setChange(null);
      router.refresh();
    },
  });
  const select = useRef<HTMLSelectElement>(null);
  const choices = options.includes(role) ? options : [role, ...options];
  const reasonId = `role-reason-${membershipId}`;

  function cancel() {
    setChange(null);
    save.reset();
  }

  return (
    <div className="flex items-center gap-2" title={disabledReason ?? undefined}>
      <Select
        ref={select}
        aria-label={`Role of ${isSelf ? "you" : member.name}`}
        wrapperClassName="w-40"
        className="h-8"
        value={change?.to ?? saved}
        disabled={!!disabledReason}
        aria-describedby={disabledReason ? reasonId : undefined}
        onChange={(e) => {
          const next = e.target.value as Role;
          if (next !== saved) setChange({ from: saved, to: next });
        }}
        options={choices.map((r) => ({ value: r, label: ROLE_LABELS[r] }))}
      />
      {disabledReason && (
        <span id={reasonId} className="sr-only">
          {disabledReason}
        </span>
      )}
      <RoleChangeDialog
        change={change}
        member={member}
        isSelf={isSelf}
        pending={save.pending}
        error={save.formError}
        onCancel={cancel}
        onConfirm={(c) => void save.execute({ teamId, membershipId, role: c.to })}
        returnFocusTo={select}
      />
    </div>
  );
}
