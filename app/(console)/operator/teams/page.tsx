import type { Metadata } from "next";
import { Building2 } from "lucide-react";
import Link from "next/link";
import { Pagination } from "@/components/ui/pagination";
import { TeamSearch } from "@/components/operator/team-search";
import { TeamsTable } from "@/components/operator/teams-table";
import { buttonVariants } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requireOperatorPage } from "@/lib/operator/operator-page";
import { listOperatorTeams } from "@/lib/operator/teams";

export const metadata: Metadata = { title: "Teams" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };
const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

export default async function OperatorTeamsPage({ searchParams }: Props) {
  const { actor } = await requireOperatorPage();
  const query = await searchParams;
  const list = await listOperatorTeams(actor, { q: one(query.q) ?? "", page: one(query.page) ?? "1" });
  const hrefFor = (p: number) => {
    const qs = new URLSearchParams();
    if (list.q) qs.set("q", list.q);
    if (p > 1) qs.set("page", String(p));
    const s = qs.toString();
    return s ? `/operator/teams?${s}` : "/operator/teams";
  };

  return (
    <div>
      <PageHeader title="Teams" description="Every team on this install: the limits it runs under, what it spent this month, and whether it is suspended." />
      <div className="grid gap-4">
        <TeamSearch q={list.q} />
        {list.teams.length > 0 ? (
          <>
            <TeamsTable teams={list.teams} />
            <Pagination page={list.page} pageCount={list.pageCount} total={list.total} pageSize={list.pageSize} noun={["team", "teams"]} label="Team pages" hrefFor={hrefFor} />
          </>
        ) : (
          <EmptyState
            icon={Building2}
            title={list.q ? "No team matches this search" : list.total > 0 ? "This page is past the end of the list" : "No teams yet"}
            description={list.q ? "Try part of the name, the slug, a member's email or the team id." : undefined}
            action={
              list.q || list.total > 0 ? (
                <Link href="/operator/teams" className={buttonVariants({ variant: "outline" })}>
                  Show all teams
                </Link>
              ) : undefined
            }
          />
        )}
      </div>
    </div>
  );
}
