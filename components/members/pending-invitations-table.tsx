"use client";

import { Link2, Mail, X } from "lucide-react";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { toast } from "@/components/ui/toast";
import { resendInvitation } from "@/lib/actions/invitations/resend-invitation";
import { revokeInvitation } from "@/lib/actions/invitations/revoke-invitation";
import { formatDateTime, formatRelative } from "@/lib/format-time";
import type { PendingInvitation } from "@/lib/invitations/list-pending-invitations";
import { canAssignRole, type Role } from "@/lib/permissions";
import { InviteLinkPanel, type IssuedLink } from "./invite-link-panel";
import { RoleBadge } from "./role-badge";

export type PendingInvitationsTableProps = {
  teamId: string;
  invitations: PendingInvitation[];
  /** Null when the viewer may only look (developers, billing viewers). */
  manageAs: Role | null;
  now: Date;
};

export function PendingInvitationsTable({ teamId, invitations, manageAs, now }: PendingInvitationsTableProps) {
  const router = useRouter();
  const linkId = useId();
  const [busy, setBusy] = useState<string | null>(null);
  const [issued, setIssued] = useState<IssuedLink | null>(null);

  async function resend(invitation: PendingInvitation, showLink: boolean) {
    setBusy(`${invitation.id}:${showLink ? "link" : "resend"}`);
    const result = await resendInvitation({ teamId, invitationId: invitation.id });
    setBusy(null);
    if (!result.ok) {
      // From the confirm dialog: throwing keeps it open with the message.
      if (showLink) throw new Error(result.error);
      toast.error(result.error);
      return;
    }
    const { email, inviteUrl, expiresAt, delivery } = result.data;
    if (showLink || delivery !== "sent") setIssued({ email, inviteUrl, expiresAt: new Date(expiresAt), delivery });
    if (delivery === "sent") toast.success(result.message ?? "Invitation resent.");
    else toast.warning(result.message ?? "Copy the new link.");
    router.refresh();
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
              <TableHead>
                <span className="sr-only">Actions</span>
              </TableHead>
            )}
          </TableRow>
        </TableHeader>
        <TableBody>
          {invitations.map((inv) => {
            const reissueBlock =
              manageAs && !canAssignRole(manageAs, inv.role) ? "Only owners can resend an invitation for the Owner role." : null;
            return (
              <TableRow key={inv.id} data-testid="invitation-row" data-email={inv.email}>
                <TableCell className="max-w-64">
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
                  {inv.expired ? <Badge variant="warning">Expired</Badge> : formatRelative(inv.expiresAt, now)}
                </TableCell>
                {manageAs && (
                  <TableCell>
                    <div className="flex items-center justify-end gap-1" title={reissueBlock ?? undefined}>
                      <Button
                        variant="ghost"
                        size="sm"
                        disabled={!!reissueBlock || busy !== null}
                        loading={busy === `${inv.id}:resend`}
                        onClick={() => void resend(inv, false)}
                        aria-label={`Resend invitation to ${inv.email}`}
                      >
                        <Mail aria-hidden />
                        Resend
                      </Button>
                      <ConfirmDialog
                        trigger={
                          <Button
                            variant="ghost"
                            size="sm"
                            disabled={!!reissueBlock || busy !== null}
                            loading={busy === `${inv.id}:link`}
                            aria-label={`Copy a new invite link for ${inv.email}`}
                          >
                            <Link2 aria-hidden />
                            Copy new link
                          </Button>
                        }
                        title="Make a new invite link?"
                        description={`For safety, links are stored only in scrambled form, so the old one can't be shown again. A new link replaces it (the old one stops working), the 7 days start over and ${inv.email} gets an email with the new link.`}
                        confirmLabel="Make new link"
                        onConfirm={() => resend(inv, true)}
                      />
                      <ConfirmDialog
                        trigger={
                          <Button
                            variant="ghost"
                            size="sm"
                            className="text-destructive hover:bg-destructive/10 hover:text-destructive"
                            disabled={busy !== null}
                            aria-label={`Revoke invitation to ${inv.email}`}
                          >
                            <X aria-hidden />
                            Revoke
                          </Button>
                        }
                        title={`Revoke the invitation to ${inv.email}?`}
                        description="The link stops working immediately. You can invite them again later."
                        confirmLabel="Revoke invitation"
                        destructive
                        onConfirm={async () => {
                          const result = await revokeInvitation({ teamId, invitationId: inv.id });
                          if (!result.ok) throw new Error(result.error);
                          toast.success(result.message ?? "Invitation revoked.");
                          router.refresh();
                        }}
                      />
                    </div>
                  </TableCell>
                )}
              </TableRow>
            );
          })}
        </TableBody>
      </Table>

      <Dialog open={issued !== null} onOpenChange={(open) => !open && setIssued(null)}>
        <DialogContent onInteractOutside={(e) => e.preventDefault()}>
          <DialogHeader>
            <DialogTitle>New invite link</DialogTitle>
            <DialogDescription>The previous link for {issued?.email} no longer works.</DialogDescription>
          </DialogHeader>
          {issued && <InviteLinkPanel issued={issued} id={linkId} />}
          <DialogFooter>
            <Button onClick={() => setIssued(null)}>Done</Button>
          </DialogFooter>
        </DialogContent>
      </Dialog>
    </>
  );
}
