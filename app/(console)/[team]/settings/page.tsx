import type { Metadata } from "next";
import { TeamBudgetForm } from "@/components/policy/team-budget-form";
import { DeleteTeamButton } from "@/components/teams/delete-team-button";
import { LeaveTeamButton } from "@/components/teams/leave-team-button";
import { RequireTwoFactorSetting } from "@/components/teams/require-two-factor-setting";
import { TeamSettingsForm } from "@/components/teams/team-settings-form";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { PageHeader } from "@/components/ui/page-header";
import { formatUsd } from "@/lib/money";
import { can, ROLE_LABELS } from "@/lib/permissions";
import { getTeamBudget } from "@/lib/policy/team-budget";
import { countTeamOwners } from "@/lib/teams/queries";
import { getTeamTwoFactorRequirement } from "@/lib/teams/require-two-factor";
import { pageActor, requireTeamPage } from "@/lib/teams/team-page";

export const metadata: Metadata = { title: "Team settings" };

export default async function TeamSettingsPage({ params }: { params: Promise<{ team: string }> }) {
  const { team: slug } = await params;
  const { team, role, user } = await requireTeamPage(slug);
  const canEdit = can(role, "team.update");
  const canDelete = can(role, "team.delete");
  const lastOwner = role === "owner" && (await countTeamOwners(user.id, team.id)) <= 1;
  const actor = await pageActor(user);
  const [budget, twoFactor] = await Promise.all([getTeamBudget(actor, team.id), getTeamTwoFactorRequirement(actor, team.id)]);
  const { ceiling } = budget;
  const count = (n: number) => n.toLocaleString("en-US");

  return (
    <div className="grid max-w-3xl gap-6">
      <PageHeader title="Settings" description="The team's name, security, budget, limits and membership." className="pb-0" />

      <Card>
        <CardHeader>
          <CardTitle>General</CardTitle>
          <CardDescription>
            {canEdit
              ? "Shown to every member of the team and in invitation emails."
              : `Only owners and admins can change the team's name and description. Your role is ${ROLE_LABELS[role]}.`}
          </CardDescription>
        </CardHeader>
        <CardContent>
          <TeamSettingsForm team={team} canEdit={canEdit} />
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Two-factor authentication</CardTitle>
          <CardDescription>
            Ask every member for a code from an authenticator app when they sign in, not only their password.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <RequireTwoFactorSetting teamId={team.id} teamName={team.name} canEdit={can(role, "team.requireTwoFactor")} {...twoFactor} />
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Budget and alerts</CardTitle>
          <CardDescription>
            {budget.canEdit
              ? "A monthly budget for the whole team. Alerts go out by email once per threshold per month, for the team's budget and for every key's."
              : `Only owners and admins can change the budget and who gets alerts. Your role is ${ROLE_LABELS[role]}.`}
          </CardDescription>
        </CardHeader>
        <CardContent>
          <TeamBudgetForm teamId={team.id} initial={budget} spendCapMicros={ceiling.spendCapMicros} canEdit={budget.canEdit} />
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Limits set by the provider</CardTitle>
          <CardDescription>
            The ceiling for every key of this team. Only the provider can change these; ask them if you need more.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <dl className="grid gap-x-3 gap-y-1 text-sm sm:grid-cols-[12rem_1fr] sm:gap-y-3">
            <dt className="text-muted-foreground">Requests per minute</dt>
            <dd className="mb-2 sm:mb-0">{ceiling.rpm === null ? "No limit" : count(ceiling.rpm)}</dd>
            <dt className="text-muted-foreground">Tokens per minute</dt>
            <dd className="mb-2 sm:mb-0">{ceiling.tpm === null ? "No limit" : count(ceiling.tpm)}</dd>
            <dt className="text-muted-foreground">Monthly spend limit</dt>
            <dd>{ceiling.spendCapMicros === null ? "No limit" : formatUsd(ceiling.spendCapMicros)}</dd>
          </dl>
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Identifiers</CardTitle>
          <CardDescription>The key verification API returns the team ID with every valid key.</CardDescription>
        </CardHeader>
        <CardContent className="grid gap-3 text-sm sm:grid-cols-[8rem_1fr] sm:items-center">
          <span className="text-muted-foreground">Team ID</span>
          <span className="flex min-w-0 items-center gap-1">
            <code className="truncate rounded bg-muted px-1.5 py-0.5 font-mono text-xs">{team.id}</code>
            <CopyButton value={team.id} label="Copy team ID" />
          </span>
          <span className="text-muted-foreground">URL</span>
          <code className="w-fit rounded bg-muted px-1.5 py-0.5 font-mono text-xs">/{team.slug}</code>
        </CardContent>
      </Card>

      <Card>
        <CardHeader className="pb-6">
          <CardTitle>Leave team</CardTitle>
          <CardDescription>
            You will lose access to this team&apos;s keys, usage and members right away.
          </CardDescription>
        </CardHeader>
        <CardFooter className="flex-col items-stretch gap-3 sm:flex-row sm:items-center sm:justify-between">
          <p className="text-xs text-muted-foreground">
            {lastOwner
              ? "You are the only owner, and a team always keeps one. Make another member an owner on the Members page, or delete the team."
              : "To come back, an owner or admin has to invite you again."}
          </p>
          {lastOwner ? (
            <Button variant="outline" disabled className="self-end sm:self-auto">
              Leave team
            </Button>
          ) : (
            <LeaveTeamButton team={team} />
          )}
        </CardFooter>
      </Card>

      {canDelete && (
        <Card className="border-destructive/40">
          <CardHeader className="pb-6">
            <CardTitle className="text-destructive">Danger zone</CardTitle>
            <CardDescription>
              Deleting the team removes all members and invitations, stops every API key from working immediately
              and erases its usage history. This cannot be undone.
            </CardDescription>
          </CardHeader>
          <CardFooter className="justify-end border-destructive/20">
            <DeleteTeamButton team={team} />
          </CardFooter>
        </Card>
      )}
    </div>
  );
}
