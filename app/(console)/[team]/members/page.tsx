import type { Metadata } from "next";
import { MailPlus } from "lucide-react";
import { InviteMemberDialog } from "@/components/members/invite-member-dialog";
import { MembersTable } from "@/components/members/members-table";
import { PendingInvitationsTable } from "@/components/members/pending-invitations-table";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { listPendingInvitations } from "@/lib/invitations/list-pending-invitations";
import { listMembers } from "@/lib/members/list-members";
import { assignableRoles, can, ROLE_LABELS } from "@/lib/permissions";
import { pageActor, requireTeamPage } from "@/lib/teams/team-page";

export const metadata: Metadata = { title: "Members" };

export default async function MembersPage({ params }: { params: Promise<{ team: string }> }) {
  const { team: slug } = await params;
  const { team, role, user } = await requireTeamPage(slug);
  const actor = await pageActor(user);
  const members = await listMembers(actor, team.id);
  const invitations = await listPendingInvitations(actor, team.id);
  const canInvite = can(role, "members.invite");
  const canManageInvitations = can(role, "invitations.manage");
  const now = new Date();

  return (
    <div className="grid gap-10">
      <section aria-labelledby="members-heading">
        <PageHeader
          title={<span id="members-heading">Members</span>}
          description={`${members.length} ${members.length === 1 ? "person has" : "people have"} access to ${team.name}.`}
          actions={canInvite ? <InviteMemberDialog teamId={team.id} teamName={team.name} roles={assignableRoles(role)} /> : undefined}
        />
        {!can(role, "members.updateRole") && (
          <p className="-mt-2 mb-6 text-sm text-muted-foreground">
            As a {ROLE_LABELS[role].toLowerCase()} you can see who is in the team. Owners and admins invite people and change roles.
          </p>
        )}
        <MembersTable team={team} members={members} viewer={{ userId: user.id, role }} />
      </section>

      <section aria-labelledby="invitations-heading" className="grid gap-4">
        <div className="grid gap-1">
          <h2 id="invitations-heading" className="text-lg font-semibold tracking-tight">
            Pending invitations
          </h2>
          <p className="text-sm text-muted-foreground">Invitations not yet accepted. Links expire 7 days after they are sent.</p>
        </div>
        {invitations.length === 0 ? (
          <EmptyState
            icon={MailPlus}
            title="No pending invitations"
            description={canInvite ? "Invite teammates by email; they appear here until they join." : "Invitations sent by owners and admins appear here."}
          />
        ) : (
          <PendingInvitationsTable
            teamId={team.id}
            invitations={invitations}
            manageAs={canManageInvitations ? role : null}
            now={now}
          />
        )}
      </section>
    </div>
  );
}
