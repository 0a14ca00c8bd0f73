"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import { Spinner } from "@/components/ui/spinner";
import { ENVIRONMENT_LABELS, ENVIRONMENTS, KEY_STATUS_LABELS, KEY_STATUSES } from "@/lib/keys/constants";

/** Filters live in the URL (?environment=…&status=…) so a filtered view can be shared and reloaded. */
export function KeyFilters() {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const [pending, startTransition] = useTransition();
  const environment = params.get("environment") ?? "";
  const status = params.get("status") ?? "";

  function update(name: string, value: string) {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    const query = next.toString();
    startTransition(() => router.replace(query ? `${pathname}?${query}` : pathname, { scroll: false }));
  }

  return (
    <div className="flex flex-wrap items-end gap-3" role="search" aria-label="Filter keys">
      <div className="grid gap-1.5">
        <Label htmlFor="key-filter-environment" className="text-xs text-muted-foreground">
          Environment
        </Label>
        <Select
          id="key-filter-environment"
          wrapperClassName="w-44"
          value={environment}
          onChange={(e) => update("environment", e.target.value)}
          options={[{ value: "", label: "All environments" }, ...ENVIRONMENTS.map((e) => ({ value: e, label: ENVIRONMENT_LABELS[e] }))]}
        />
      </div>
      <div className="grid gap-1.5">
        <Label htmlFor="key-filter-status" className="text-xs text-muted-foreground">
          Status
        </Label>
        <Select
          id="key-filter-status"
          wrapperClassName="w-44"
          value={status}
          onChange={(e) => update("status", e.target.value)}
          options={[{ value: "", label: "All statuses" }, ...KEY_STATUSES.map((s) => ({ value: s, label: KEY_STATUS_LABELS[s] }))]}
        />
      </div>
      {(environment || status) && (
        <Button variant="ghost" size="md" onClick={() => startTransition(() => router.replace(pathname, { scroll: false }))}>
          Clear filters
        </Button>
      )}
      {pending && <Spinner label="Updating" className="mb-2.5 text-muted-foreground" />}
    </div>
  );
}
