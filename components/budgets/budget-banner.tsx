"use client";

import { CircleAlert, TriangleAlert, X } from "lucide-react";
import Link from "next/link";
import { useSyncExternalStore } from "react";
import type { BudgetBanner as BudgetBannerState } from "@/lib/budgets/banner";
import { cn } from "@/lib/utils";

const STORAGE_KEY = "gatehouse:dismissed-budget-banner";
const CHANGED = "gatehouse:budget-banner";

function subscribe(onChange: () => void) {
  window.addEventListener(CHANGED, onChange);
  return () => window.removeEventListener(CHANGED, onChange);
}

function readDismissed(): string | null {
  try {
    return window.sessionStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

function dismiss(id: string) {
  try {
    window.sessionStorage.setItem(STORAGE_KEY, id);
  } catch {
    // Storage refused (private mode): the banner just comes back on the next page.
  }
  window.dispatchEvent(new Event(CHANGED));
}

/**
 * The budget state at the top of every team page. Dismissing hides this
 * state for the browser session; a different one (another budget, or
 * warning turning into over budget) shows again.
 */
export function BudgetBanner({ banner }: { banner: BudgetBannerState }) {
  const dismissed = useSyncExternalStore(subscribe, readDismissed, () => null);
  if (dismissed === banner.id) return null;

  const over = banner.level === "over";
  const Icon = over ? CircleAlert : TriangleAlert;
  return (
    <div
      role={over ? "alert" : "status"}
      className={cn(
        "mb-6 flex items-start gap-3 rounded-lg border px-4 py-3 text-sm",
        over ? "border-destructive/40 bg-destructive/10" : "border-warning/40 bg-warning/10",
      )}
    >
      <Icon aria-hidden className={cn("mt-0.5 size-4 shrink-0", over ? "text-destructive" : "text-warning")} />
      <div className="min-w-0 flex-1 space-y-1">
        <p className={cn("font-semibold", over ? "text-destructive" : "text-warning")}>{banner.title}</p>
        <p className="text-foreground [overflow-wrap:anywhere]">
          {banner.message}
          {banner.others > 0 && ` ${banner.others === 1 ? "1 more budget is" : `${banner.others} more budgets are`} at 80 % or more.`}
        </p>
        <p className="flex flex-wrap gap-x-4 gap-y-1 pt-0.5">
          {banner.links.map((link) => (
            <Link
              key={link.href}
              href={link.href}
              className="rounded-sm font-medium text-foreground underline underline-offset-4 hover:no-underline focus-visible:outline-hidden focus-visible:ring-2 focus-visible:ring-ring"
            >
              {link.label}
            </Link>
          ))}
        </p>
      </div>
      <button
        type="button"
        onClick={() => dismiss(banner.id)}
        aria-label="Dismiss the budget notice for this session"
        className="-m-1 shrink-0 cursor-pointer rounded-md p-1 text-muted-foreground hover:bg-foreground/10 hover:text-foreground focus-visible:outline-hidden focus-visible:ring-2 focus-visible:ring-ring"
      >
        <X aria-hidden className="size-4" />
      </button>
    </div>
  );
}
