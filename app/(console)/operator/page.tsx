import type { Metadata } from "next";
import { Boxes, Building2, KeySquare, ScrollText, SlidersHorizontal } from "lucide-react";
import Link from "next/link";
import { OPERATOR_ACTION_LABELS } from "@/components/operator/operator-audit-table";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { periodLabel, periodOf } from "@/lib/budgets/period";
import { formatRelative } from "@/lib/format-time";
import { formatUsd } from "@/lib/money";
import { requireOperatorPage } from "@/lib/operator/operator-page";
import { getOperatorOverview } from "@/lib/operator/overview";

export const metadata: Metadata = { title: "Overview" };

export default async function OperatorOverviewPage() {
  const { actor } = await requireOperatorPage();
  const now = new Date();
  const o = await getOperatorOverview(actor, now.getTime());
  const plural = (n: number, one: string, many: string) => `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;
  const sections = [
    { href: "/operator/models", icon: Boxes, title: "Models", value: plural(o.models.total, "model", "models"), detail: `${o.models.enabled} enabled` },
    {
      href: "/operator/teams",
      icon: Building2,
      title: "Teams",
      value: plural(o.teams.total, "team", "teams"),
      detail: `${o.teams.suspended} suspended · ${o.teams.overridden} with own limits · ${formatUsd(o.monthToDateMicros)} spent in ${periodLabel(periodOf(now.getTime()))}`,
    },
    {
      href: "/operator/service-tokens",
      icon: KeySquare,
      title: "Service tokens",
      value: plural(o.serviceTokens.active, "active token", "active tokens"),
      detail: o.serviceTokens.active === 0 ? "Your backend needs one to call /api/v1." : `${o.serviceTokens.unused} never used`,
    },
    { href: "/operator/settings", icon: SlidersHorizontal, title: "Settings", value: "Default plan", detail: "Limits for teams without overrides, and the fallback price." },
    {
      href: "/operator/audit",
      icon: ScrollText,
      title: "Audit log",
      value: o.lastChange ? OPERATOR_ACTION_LABELS[o.lastChange.action] ?? o.lastChange.action : "No changes yet",
      detail: o.lastChange ? `${o.lastChange.targetLabel} · ${formatRelative(o.lastChange.createdAt, now)} by ${o.lastChange.actorEmail}` : "Every operator change is recorded.",
    },
  ];

  return (
    <div>
      <PageHeader title="Operator" description="Run this install: the models and prices, the limits teams get, suspensions, and the tokens your backend calls the API with." />
      <ul className="grid gap-4 sm:grid-cols-2 xl:grid-cols-3">
        {sections.map(({ href, icon: Icon, title, value, detail }) => (
          <li key={href}>
            <Link href={href} className="block h-full rounded-lg focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-hidden">
              <Card className="h-full transition-colors hover:bg-accent/40">
                <CardHeader>
                  <CardDescription className="flex items-center gap-2">
                    <Icon aria-hidden className="size-4" />
                    {title}
                  </CardDescription>
                  <CardTitle className="text-lg">{value}</CardTitle>
                </CardHeader>
                <CardContent className="pt-2 text-sm break-words text-muted-foreground">{detail}</CardContent>
              </Card>
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}
