"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { toast } from "@/components/ui/toast";
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

  /** Returns an error message, or null on success. */
  async function resend(invitationId: string, showLink: boolean): Promise<string | null> {
    setBusyId(invitationId);
    const result = await resendInvitation({ teamId, invitationId });
    setBusyId(null);
    if (!result.ok) {
      if (!showLink) toast.error(result.error);
      return result.error;
    }
    const { email, inviteUrl, expiresAt, delivery } = result.data;
    // A failed or logged email leaves the link as the only way in, so show it.
    if (showLink || delivery !== "sent") setIssued({ email, inviteUrl, expiresAt: new Date(expiresAt), delivery });
    if (delivery === "failed") toast.warning(result.message ?? "Copy the new link.");
    else toast.success(result.message ?? "Invitation resent.");
    router.refresh();
    return null;
  }

  async function revoke(invitationId: string): Promise<string | null> {
    const result = await revokeInvitation({ teamId, invitationId });
    if (!result.ok) return result.error;
    toast.success(result.message ?? "Invitation revoked.");
    router.refresh();
    return null;
  }

  function handleMenu(invitation: PendingInvitation, action: InvitationMenuAction) {
    if (action === "resend") void resend(invitation.id, false);
    else setConfirm({ kind: action, email: invitation.email, id: invitation.id });
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
        onClose={() => setConfirm(null)}
        onConfirm={() => (confirm ? (confirm.kind === "link" ? resend(confirm.id, true) : revoke(confirm.id)) : Promise.resolve(null))}
      />
      <NewLinkDialog issued={issued} onClose={() => setIssued(null)} />
    </>
  );
}
