import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatDate, formatDateTime } from "@/lib/format-time";
import type { MemberRow } from "@/lib/members/list-members";
import { assignableRoles, can, canManageMember, type Role } from "@/lib/permissions";
import { MemberRoleSelect } from "./member-role-select";
import { RemoveMemberButton } from "./remove-member-button";
import { RoleBadge } from "./role-badge";

export type MembersTableProps = {
  team: { id: string; slug: string; name: string };
  members: MemberRow[];
  viewer: { userId: string; role: Role };
};

const LAST_OWNER = "A team needs at least one owner. Make another member an owner first.";

/** Why the viewer can't change this member's role, or null when they can. Mirrors the server's checks. */
function roleChangeBlock(viewer: Role, member: MemberRow, owners: number): string | null {
  if (!canManageMember(viewer, member.role)) return "Only owners can change an owner's role.";
  if (member.role === "owner" && owners <= 1) return LAST_OWNER;
  return null;
}

function removeBlock(viewer: Role, member: MemberRow): string | null {
  if (!canManageMember(viewer, member.role)) return "Only owners can remove an owner.";
  return null;
}

/** Server-rendered; only the role selects and remove buttons are interactive. */
export function MembersTable({ team, members, viewer }: MembersTableProps) {
  const owners = members.filter((m) => m.role === "owner").length;
  const canChangeRoles = can(viewer.role, "members.updateRole");
  const canRemove = can(viewer.role, "members.remove");
  // Always shown: your own row links to "Leave team".
  const showActions = true;

  return (
    <Table>
      <TableHeader>
        <TableRow>
          <TableHead>Member</TableHead>
          <TableHead>Role</TableHead>
          <TableHead>Joined</TableHead>
          {showActions && (
            <TableHead className="w-32">
              <span className="sr-only">Actions</span>
            </TableHead>
          )}
        </TableRow>
      </TableHeader>
      <TableBody>
        {members.map((member) => {
          const isSelf = member.userId === viewer.userId;
          return (
            <TableRow key={member.membershipId} data-testid="member-row" data-email={member.email}>
              <TableCell className="max-w-72">
                <div className="flex items-center gap-2">
                  <span className="truncate font-medium" title={member.name}>
                    {member.name}
                  </span>
                  {isSelf && <Badge variant="outline">You</Badge>}
                </div>
                <div className="truncate text-xs text-muted-foreground" title={member.email}>
                  {member.email}
                </div>
              </TableCell>
              <TableCell>
                {canChangeRoles ? (
                  <MemberRoleSelect
                    teamId={team.id}
                    membershipId={member.membershipId}
                    member={{ name: member.name, email: member.email }}
                    role={member.role}
                    options={assignableRoles(viewer.role)}
                    isSelf={isSelf}
                    disabledReason={roleChangeBlock(viewer.role, member, owners)}
                  />
                ) : (
                  <RoleBadge role={member.role} />
                )}
              </TableCell>
              <TableCell className="whitespace-nowrap" title={formatDateTime(member.joinedAt)}>
                {formatDate(member.joinedAt)}
              </TableCell>
              {showActions && (
                <TableCell className="text-right whitespace-nowrap">
                  {isSelf ? (
                    <Link
                      href={`/${team.slug}/settings`}
                      className="text-xs text-muted-foreground underline-offset-4 hover:text-foreground hover:underline"
                    >
                      Leave team…
                    </Link>
                  ) : canRemove ? (
                    <RemoveMemberButton
                      teamId={team.id}
                      teamName={team.name}
                      membershipId={member.membershipId}
                      memberName={member.name}
                      memberEmail={member.email}
                      disabledReason={removeBlock(viewer.role, member)}
                    />
                  ) : null}
                </TableCell>
              )}
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
