"use client";

import { Bot, ChartColumn, KeyRound, ScrollText, Settings, Users, Webhook } from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useRef } from "react";
import { cn } from "@/lib/utils";

const ITEMS = [
  { segment: "keys", label: "API keys", icon: KeyRound },
  { segment: "usage", label: "Usage", icon: ChartColumn },
  { segment: "members", label: "Members", icon: Users },
  { segment: "audit", label: "Audit log", icon: ScrollText },
  { segment: "admin-keys", label: "Admin keys", icon: Bot },
  { segment: "webhooks", label: "Webhooks", icon: Webhook },
  { segment: "settings", label: "Settings", icon: Settings },
] as const;

export type TeamNavSegment = (typeof ITEMS)[number]["segment"];

/** The team's sections; `hidden` lists those the caller's role cannot open. */
export function TeamNav({ slug, hidden = [] }: { slug: string; hidden?: TeamNavSegment[] }) {
  const pathname = usePathname();
  const activeRef = useRef<HTMLAnchorElement>(null);

  // On narrow screens the nav scrolls sideways; keep the current section in view.
  useEffect(() => {
    const link = activeRef.current;
    const list = link?.closest("nav");
    if (!link || !list || list.scrollWidth <= list.clientWidth) return;
    list.scrollTo({ left: link.offsetLeft - (list.clientWidth - link.offsetWidth) / 2 });
  }, [pathname]);

  return (
    <nav aria-label="Team" className="relative -mx-1 overflow-x-auto md:mx-0 md:overflow-visible">
      <ul className="flex gap-1 px-1 md:flex-col md:px-0">
        {ITEMS.filter((item) => !hidden.includes(item.segment)).map(({ segment, label, icon: Icon }) => {
          const href = `/${slug}/${segment}`;
          const active = pathname === href || pathname.startsWith(`${href}/`);
          return (
            <li key={segment}>
              <Link
                href={href}
                ref={active ? activeRef : undefined}
                aria-current={active ? "page" : undefined}
                className={cn(
                  "flex items-center gap-2 rounded-md px-3 py-2 text-sm font-medium whitespace-nowrap transition-colors",
                  "focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-hidden",
                  active
                    ? "bg-accent text-accent-foreground"
                    : "text-muted-foreground hover:bg-accent/60 hover:text-foreground",
                )}
              >
                <Icon className={cn("size-4", active ? "text-primary" : "text-muted-foreground")} aria-hidden />
                {label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
