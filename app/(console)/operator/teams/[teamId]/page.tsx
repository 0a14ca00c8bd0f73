import type { Metadata } from "next";
import { ChevronLeft } from "lucide-react";
import Link from "next/link";
import { capLabel, limitLabel } from "@/components/operator/format";
import { LimitCell } from "@/components/operator/limit-cell";
import { TeamLimitsForm } from "@/components/operator/team-limits-form";
import { TeamSuspension } from "@/components/operator/team-suspension";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { formatDateTime } from "@/lib/format-time";
import { formatUsd } from "@/lib/money";
import { orOperatorNotFound, requireOperatorPage } from "@/lib/operator/operator-page";
import { getOperatorSettings } from "@/lib/operator/settings";
import { getOperatorTeam } from "@/lib/operator/teams";

export const metadata: Metadata = { title: "Team" };

export default async function OperatorTeamPage({ params }: { params: Promise<{ teamId: string }> }) {
  const { teamId } = await params;
  const { actor } = await requireOperatorPage();
  const team = await orOperatorNotFound(getOperatorTeam(actor, teamId));
  const settings = await getOperatorSettings(actor);
  const plan = { rpm: settings.defaultRpmLimit, tpm: settings.defaultTpmLimit, spendCapMicros: settings.defaultSpendCapMicros };
  const facts: Array<[string, React.ReactNode]> = [
    ["Slug", <span key="s" className="font-mono">{team.slug}</span>],
    ["Members", team.members],
    ["API keys", team.keys],
    ["Created", formatDateTime(team.createdAt)],
    ["Spend this month", formatUsd(team.monthToDateMicros)],
    ["Team's own budget", team.budgetMicros === null ? "None" : formatUsd(team.budgetMicros)],
    ["Requests / min", <LimitCell key="r" value={limitLabel(team.limits.rpm)} overridden={team.limits.overridden.rpm} />],
    ["Tokens / min", <LimitCell key="t" value={limitLabel(team.limits.tpm)} overridden={team.limits.overridden.tpm} />],
    ["Spend cap", <LimitCell key="c" value={capLabel(team.limits.spendCapMicros)} overridden={team.limits.overridden.spendCap} />],
  ];

  return (
    <div className="grid max-w-3xl gap-6">
      <div className="grid gap-2">
        <Link href="/operator/teams" className="inline-flex w-fit items-center gap-1 rounded-sm text-sm text-muted-foreground hover:text-foreground focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-hidden">
          <ChevronLeft aria-hidden className="size-4" />
          All teams
        </Link>
        <PageHeader
          title={<span className="break-words">{team.name}</span>}
          description={team.suspendedAt ? `Suspended since ${formatDateTime(team.suspendedAt)}: ${team.suspendedReason}` : "Active: its keys work within the limits below."}
          actions={team.suspendedAt ? <Badge variant="danger">Suspended</Badge> : <Badge variant="success">Active</Badge>}
          className="pb-0"
        />
      </div>

      <Card>
        <CardContent>
          <dl className="grid grid-cols-1 gap-x-6 gap-y-3 text-sm min-[420px]:grid-cols-2 sm:grid-cols-3">
            {facts.map(([label, value]) => (
              <div key={label} className="grid gap-0.5">
                <dt className="text-xs text-muted-foreground">{label}</dt>
                <dd className="font-medium">{value}</dd>
              </div>
            ))}
          </dl>
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Limits</CardTitle>
          <CardDescription>Overrides of the default plan for this team. Keys and the team&apos;s own budget can only be stricter.</CardDescription>
        </CardHeader>
        <CardContent>
          <TeamLimitsForm key={JSON.stringify(team.overrides)} teamId={team.id} overrides={team.overrides} plan={plan} />
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>{team.suspendedAt ? "Resume" : "Suspend"}</CardTitle>
          <CardDescription>
            {team.suspendedAt
              ? "Resuming lets the team's keys work again at once."
              : "Suspending stops every key of the team at once; nothing is deleted."}
          </CardDescription>
        </CardHeader>
        <CardContent>
          <TeamSuspension team={{ id: team.id, name: team.name, suspended: !!team.suspendedAt }} />
        </CardContent>
      </Card>
    </div>
  );
}
