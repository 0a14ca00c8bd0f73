import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

/** axe finds nothing serious or critical on the page (toasts excluded: they come and go); `soft` carries on after a finding. */
export async function expectNoSeriousViolations(page: Page, what: string, { soft = false }: { soft?: boolean } = {}) {
  const results = await new AxeBuilder({ page }).exclude("[data-sonner-toaster]").analyze();
  const serious = results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`);
  (soft ? expect.soft : expect)(serious, `${what} has accessibility violations`).toEqual([]);
}
