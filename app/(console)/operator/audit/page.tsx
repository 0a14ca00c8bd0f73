import type { Metadata } from "next";
import { ScrollText } from "lucide-react";
import Link from "next/link";
import { OperatorAuditTable } from "@/components/operator/operator-audit-table";
import { Pagination } from "@/components/ui/pagination";
import { buttonVariants } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { listOperatorAudit } from "@/lib/operator/audit-log";
import { requireOperatorPage } from "@/lib/operator/operator-page";

export const metadata: Metadata = { title: "Operator audit log" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function OperatorAuditPage({ searchParams }: Props) {
  const { actor } = await requireOperatorPage();
  const raw = (await searchParams).page;
  const log = await listOperatorAudit(actor, { page: Array.isArray(raw) ? raw[0] : raw });
  const hrefFor = (p: number) => (p > 1 ? `/operator/audit?page=${p}` : "/operator/audit");

  return (
    <div>
      <PageHeader title="Operator audit log" description="Every change made in the Operator area, with the state before and after, who made it and from where." />
      {log.entries.length > 0 ? (
        <div className="grid gap-4">
          <OperatorAuditTable entries={log.entries} now={new Date()} />
          <Pagination page={log.page} pageCount={log.pageCount} total={log.total} pageSize={log.pageSize} noun={["entry", "entries"]} label="Audit log pages" labels={["Newer", "Older"]} hrefFor={hrefFor} />
        </div>
      ) : (
        <EmptyState
          icon={ScrollText}
          title={log.total > 0 ? "This page is past the end of the log" : "No operator changes yet"}
          description={log.total > 0 ? undefined : "Catalogue, price, plan, team limit, suspension and service-token changes are listed here as they happen."}
          action={
            log.total > 0 ? (
              <Link href="/operator/audit" className={buttonVariants({ variant: "outline" })}>
                Go to the newest entries
              </Link>
            ) : undefined
          }
        />
      )}
    </div>
  );
}
