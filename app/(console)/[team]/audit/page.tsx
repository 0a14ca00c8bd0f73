import type { Metadata } from "next";
import { ScrollText, ShieldAlert } from "lucide-react";
import Link from "next/link";
import { AuditFilters } from "@/components/audit/audit-filters";
import { Pagination } from "@/components/ui/pagination";
import { AuditTable } from "@/components/audit/audit-table";
import { buttonVariants } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { AUDIT_ACTION_LABELS } from "@/lib/audit/labels";
import { isAuditAction, listAuditActors, listAuditLog } from "@/lib/audit/query";
import { AUDIT_ACTIONS } from "@/lib/audit/record";
import { can } from "@/lib/permissions";
import { pageActor, requireTeamPage } from "@/lib/teams/team-page";

export const metadata: Metadata = { title: "Audit log" };

type Props = {
  params: Promise<{ team: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

export default async function AuditPage({ params, searchParams }: Props) {
  const { team: slug } = await params;
  const query = await searchParams;
  const { team, role, user } = await requireTeamPage(slug);
  const header = <PageHeader title="Audit log" description="Every change to this team: who did it, when and from where." />;

  // listAuditLog refuses other roles anyway; this just explains it instead of erroring.
  if (!can(role, "audit.read")) {
    return (
      <div>
        {header}
        <EmptyState icon={ShieldAlert} title="Only owners and admins can read the audit log" description="Ask an owner or admin of this team if you need to know who changed what." />
      </div>
    );
  }

  const rawAction = one(query.action);
  const action = isAuditAction(rawAction) ? rawAction : undefined;
  const rawActor = one(query.actor);
  const actorId = rawActor && /^[\w-]{1,64}$/.test(rawActor) ? rawActor : undefined;
  const page = Math.min(100_000, Math.max(1, Number.parseInt(one(query.page) ?? "1", 10) || 1));

  const actor = await pageActor(user);
  const log = await listAuditLog(actor, { teamId: team.id, action, actorId, page });
  const actors = await listAuditActors(actor, team.id);
  const filtered = !!(action || actorId);
  const base = `/${team.slug}/audit`;
  const hrefFor = (p: number) => {
    const qs = new URLSearchParams();
    if (action) qs.set("action", action);
    if (actorId) qs.set("actor", actorId);
    if (p > 1) qs.set("page", String(p));
    const s = qs.toString();
    return s ? `${base}?${s}` : base;
  };

  return (
    <div>
      {header}
      <div className="grid gap-4">
        <AuditFilters
          actions={AUDIT_ACTIONS.map((a) => ({ value: a, label: AUDIT_ACTION_LABELS[a] }))}
          actors={actors.map((a) => ({ value: a.id, label: a.label }))}
        />
        {log.entries.length > 0 ? (
          <>
            <AuditTable entries={log.entries} now={new Date()} />
            <Pagination page={log.page} pageCount={log.pageCount} total={log.total} pageSize={log.pageSize} hrefFor={hrefFor} noun={["entry", "entries"]} label="Audit log pages" labels={["Newer", "Older"]} />
          </>
        ) : log.total > 0 ? (
          <EmptyState
            icon={ScrollText}
            title="This page is past the end of the log"
            action={
              <Link href={hrefFor(1)} className={buttonVariants({ variant: "outline" })}>
                Go to the newest entries
              </Link>
            }
          />
        ) : (
          <EmptyState
            icon={ScrollText}
            title={filtered ? "No entries match these filters" : "Nothing has happened yet"}
            description={
              filtered
                ? "Try another action or actor."
                : "Invitations, role changes, removals and API key changes will be listed here as they happen."
            }
            action={
              filtered ? (
                <Link href={base} className={buttonVariants({ variant: "outline" })}>
                  Clear filters
                </Link>
              ) : undefined
            }
          />
        )}
      </div>
    </div>
  );
}
