"use client";

import { Boxes, Building2, KeySquare, LayoutDashboard, ScrollText, SlidersHorizontal } from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useRef } from "react";
import { cn } from "@/lib/utils";

const ITEMS = [
  { href: "/operator", label: "Overview", icon: LayoutDashboard, exact: true },
  { href: "/operator/models", label: "Models", icon: Boxes },
  { href: "/operator/teams", label: "Teams", icon: Building2 },
  { href: "/operator/service-tokens", label: "Service tokens", icon: KeySquare },
  { href: "/operator/settings", label: "Settings", icon: SlidersHorizontal },
  { href: "/operator/audit", label: "Audit log", icon: ScrollText },
] as const;

/** The Operator area's sections; the same look as the team sidebar (components/shell/team-nav.tsx). */
export function OperatorNav() {
  const pathname = usePathname();
  const activeRef = useRef<HTMLAnchorElement>(null);

  useEffect(() => {
    const link = activeRef.current;
    const list = link?.closest("nav");
    if (!link || !list || list.scrollWidth <= list.clientWidth) return;
    list.scrollTo({ left: link.offsetLeft - (list.clientWidth - link.offsetWidth) / 2 });
  }, [pathname]);

  return (
    <nav aria-label="Operator" className="relative -mx-1 overflow-x-auto md:mx-0 md:overflow-visible">
      <ul className="flex gap-1 px-1 md:flex-col md:px-0">
        {ITEMS.map((item) => {
          const active = "exact" in item ? pathname === item.href : pathname === item.href || pathname.startsWith(`${item.href}/`);
          const Icon = item.icon;
          return (
            <li key={item.href}>
              <Link
                href={item.href}
                ref={active ? activeRef : undefined}
                aria-current={active ? "page" : undefined}
                className={cn(
                  "flex items-center gap-2 rounded-md px-3 py-2 text-sm font-medium whitespace-nowrap transition-colors",
                  "focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-hidden",
                  active ? "bg-accent text-accent-foreground" : "text-muted-foreground hover:bg-accent/60 hover:text-foreground",
                )}
              >
                <Icon className={cn("size-4", active ? "text-primary" : "text-muted-foreground")} aria-hidden />
                {item.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
