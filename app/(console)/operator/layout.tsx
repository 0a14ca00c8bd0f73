import type { Metadata } from "next";
import { OperatorNav } from "@/components/operator/operator-nav";
import { Badge } from "@/components/ui/badge";
import { requireOperatorPage } from "@/lib/operator/operator-page";

export const metadata: Metadata = { title: { template: "%s · Operator · Gatehouse", default: "Operator" } };

export default async function OperatorLayout({ children }: { children: React.ReactNode }) {
  await requireOperatorPage();
  return (
    <div className="mx-auto flex w-full max-w-7xl flex-1 flex-col gap-6 px-4 py-6 sm:px-6 md:flex-row md:gap-10 md:py-8">
      <aside className="md:w-52 md:shrink-0">
        <div className="mb-3 grid gap-1.5 px-1 md:mb-4 md:px-3">
          <p className="text-sm font-semibold">This install</p>
          <Badge variant="info">Operator</Badge>
        </div>
        <OperatorNav />
      </aside>
      <main className="min-w-0 flex-1">{children}</main>
    </div>
  );
}
