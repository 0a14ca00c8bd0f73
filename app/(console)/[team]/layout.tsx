import { BudgetBanner } from "@/components/budgets/budget-banner";
import { SuspendedBanner } from "@/components/teams/suspended-banner";
import { TeamNav, type TeamNavSegment } from "@/components/shell/team-nav";
import { Badge } from "@/components/ui/badge";
import { budgetBanner } from "@/lib/budgets/banner";
import { can, ROLE_LABELS } from "@/lib/permissions";
import { requireTeamPage } from "@/lib/teams/team-page";

export default async function TeamLayout({
  children,
  params,
}: {
  children: React.ReactNode;
  params: Promise<{ team: string }>;
}) {
  const { team: slug } = await params;
  const { team, role } = await requireTeamPage(slug);
  const banner = await budgetBanner(team.id, role);
  const hidden: TeamNavSegment[] = [
    ...(can(role, "audit.read") ? [] : (["audit"] as const)),
    ...(can(role, "adminKeys.manage") ? [] : (["admin-keys"] as const)),
    ...(can(role, "webhooks.manage") ? [] : (["webhooks"] as const)),
  ];

  return (
    <div className="mx-auto flex w-full max-w-7xl flex-1 flex-col gap-6 px-4 py-6 sm:px-6 md:flex-row md:gap-10 md:py-8">
      <aside className="md:w-52 md:shrink-0">
        <div className="mb-3 grid gap-1.5 px-1 md:mb-4 md:px-3">
          <p className="truncate text-sm font-semibold" title={team.name}>
            {team.name}
          </p>
          <Badge variant="secondary" aria-label={`Your role: ${ROLE_LABELS[role]}`}>
            {ROLE_LABELS[role]}
          </Badge>
        </div>
        <TeamNav slug={team.slug} hidden={hidden} />
      </aside>
      <main className="min-w-0 flex-1">
        {team.suspendedAt && <SuspendedBanner since={team.suspendedAt} reason={team.suspendedReason} />}
        {banner && <BudgetBanner banner={banner} />}
        {children}
      </main>
    </div>
  );
}
