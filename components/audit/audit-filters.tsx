"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Label } from "@/components/ui/label";
import { Select, type SelectOption } from "@/components/ui/select";
import { Spinner } from "@/components/ui/spinner";

/** Filters live in the URL (?action=…&actor=…); changing one goes back to page 1. */
export function AuditFilters({ actions, actors }: { actions: SelectOption[]; actors: SelectOption[] }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const [pending, startTransition] = useTransition();
  const action = params.get("action") ?? "";
  const actor = params.get("actor") ?? "";

  function update(name: string, value: string) {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    next.delete("page");
    const query = next.toString();
    startTransition(() => router.replace(query ? `${pathname}?${query}` : pathname, { scroll: false }));
  }

  return (
    <div className="flex flex-wrap items-end gap-3" role="search" aria-label="Filter the audit log">
      <div className="grid gap-1.5">
        <Label htmlFor="audit-filter-action" className="text-xs text-muted-foreground">
          Action
        </Label>
        <Select
          id="audit-filter-action"
          wrapperClassName="w-52"
          value={action}
          onChange={(e) => update("action", e.target.value)}
          options={[{ value: "", label: "All actions" }, ...actions]}
        />
      </div>
      <div className="grid gap-1.5">
        <Label htmlFor="audit-filter-actor" className="text-xs text-muted-foreground">
          Actor
        </Label>
        <Select
          id="audit-filter-actor"
          wrapperClassName="w-72"
          value={actor}
          onChange={(e) => update("actor", e.target.value)}
          options={[{ value: "", label: "Everyone" }, ...actors]}
        />
      </div>
      {(action || actor) && (
        <Button variant="ghost" onClick={() => startTransition(() => router.replace(pathname, { scroll: false }))}>
          Clear filters
        </Button>
      )}
      {pending && <Spinner label="Updating" className="mb-2.5 text-muted-foreground" />}
    </div>
  );
}
