"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { toast } from "@/components/ui/toast";
import { useAction } from "@/components/ui/use-action";
import { resendInvitation } from "@/lib/actions/invitations/resend-invitation";
import { revokeInvitation } from "@/lib/actions/invitations/revoke-invitation";
import { formatDate, formatDateTime, formatRelative } from "@/lib/format-time";
import type { PendingInvitation } from "@/lib/invitations/list-pending-invitations";
import { canAssignRole, type Role } from "@/lib/permissions";
import type { IssuedLink } from "./invite-link-panel";
import { InvitationConfirmDialog, NewLinkDialog, type InvitationConfirm } from "./invitation-dialogs";
import { InvitationRowActions, type InvitationMenuAction } from "./invitation-row-actions";
import { RoleBadge } from "./role-badge";

export type PendingInvitationsTableProps = {
  teamId: string;
  invitations: PendingInvitation[];
  /** The viewer's role when they may resend/revoke; null for read-only viewers (developers, billing). */
  manageAs: Role | null;
  now: Date;
};

export function PendingInvitationsTable({ teamId, invitations, manageAs, now }: PendingInvitationsTableProps) {
  const router = useRouter();
  const [busyId, setBusyId] = useState<string | null>(null);
  const [confirm, setConfirm] = useState<(InvitationConfirm & { id: string }) | null>(null);
  const [issued, setIssued] = useState<IssuedLink | null>(null);
  // Delivery decides the toast (a failed email is a warning), so it is told below.
  const resend = useAction(resendInvitation, { successToast: false });
  const revoke = useAction(revokeInvitation, { onSuccess: () => router.refresh() });

  /** Resends, showing the new link when asked to (or when the email didn't go out). True on success. */
  async function reissue(invitationId: string, showLink: boolean): Promise<boolean> {
    setBusyId(invitationId);
    const outcome = await resend.execute({ teamId, invitationId });
    setBusyId(null);
    if (!outcome?.ok) return false;
    const { email, inviteUrl, expiresAt, delivery } = outcome.data;
    // A failed or logged email leaves the link as the only way in, so show it.
    if (showLink || delivery !== "sent") setIssued({ email, inviteUrl, expiresAt: new Date(expiresAt), delivery });
    if (delivery === "failed") toast.warning(outcome.message ?? "Copy the new link.");
    else toast.success(outcome.message ?? "Invitation resent.");
    router.refresh();
    return true;
  }

  async function confirmed(target: InvitationConfirm & { id: string }) {
    const ok =
      target.kind === "link"
        ? await reissue(target.id, true)
        : !!(await revoke.execute({ teamId, invitationId: target.id }))?.ok;
    if (ok) setConfirm(null);
  }

  function handleMenu(invitation: PendingInvitation, action: InvitationMenuAction) {
    if (action === "resend") void reissue(invitation.id, false);
    else {
      resend.reset();
      revoke.reset();
      setConfirm({ kind: action, email: invitation.email, id: invitation.id });
    }
  }

  return (
    <>
      <Table>
        <TableHeader>
          <TableRow>
            <TableHead>Email</TableHead>
            <TableHead>Role</TableHead>
            <TableHead>Invited by</TableHead>
            <TableHead>Sent</TableHead>
            <TableHead>Expires</TableHead>
            {manageAs && (
              <TableHead className="w-12">
                <span className="sr-only">Actions</span>
              </TableHead>
            )}
          </TableRow>
        </TableHeader>
        <TableBody>
          {invitations.map((inv) => (
            <TableRow key={inv.id} data-testid="invitation-row" data-email={inv.email}>
              <TableCell className="max-w-72">
                <div className="truncate font-medium" title={inv.email}>
                  {inv.email}
                </div>
                {inv.message && (
                  <div className="truncate text-xs text-muted-foreground" title={inv.message}>
                    “{inv.message}”
                  </div>
                )}
              </TableCell>
              <TableCell>
                <RoleBadge role={inv.role} />
              </TableCell>
              <TableCell className="max-w-48">
                <div className="truncate" title={inv.invitedBy.email}>
                  {inv.invitedBy.name}
                </div>
              </TableCell>
              <TableCell className="whitespace-nowrap" title={formatDateTime(inv.sentAt)}>
                {formatRelative(inv.sentAt, now)}
              </TableCell>
              <TableCell className="whitespace-nowrap" title={formatDateTime(inv.expiresAt)}>
                {inv.expired ? (
                  <Badge variant="warning">Expired</Badge>
                ) : (
                  <>
                    <div>{formatDate(inv.expiresAt)}</div>
                    <div className="text-xs text-muted-foreground">{formatRelative(inv.expiresAt, now)}</div>
                  </>
                )}
              </TableCell>
              {manageAs && (
                <TableCell className="text-right">
                  <InvitationRowActions
                    email={inv.email}
                    busy={busyId === inv.id}
                    reissueBlock={canAssignRole(manageAs, inv.role) ? null : "Only owners can resend an invitation for the Owner role."}
                    onSelect={(action) => handleMenu(inv, action)}
                  />
                </TableCell>
              )}
            </TableRow>
          ))}
        </TableBody>
      </Table>

      <InvitationConfirmDialog
        confirm={confirm}
        pending={confirm?.kind === "link" ? resend.pending : revoke.pending}
        error={confirm?.kind === "link" ? resend.formError : revoke.formError}
        onClose={() => setConfirm(null)}
        onConfirm={() => confirm && void confirmed(confirm)}
      />
      <NewLinkDialog issued={issued} onClose={() => setIssued(null)} />
    </>
  );
}
