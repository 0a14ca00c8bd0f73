"use client";

import { useQuery } from "@tanstack/react-query";
import { ChevronDown } from "lucide-react";
import { useId } from "react";
import { Skeleton } from "@/components/ui/skeleton";
import { getPolicyOptions } from "@/lib/actions/policy/get-policy-options";
import { cn } from "@/lib/utils";
import { draftRestricts, type PolicyDraft } from "./policy-draft";
import { PolicyFields } from "./policy-fields";

type Props = {
  teamId: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  draft: PolicyDraft;
  onChange: (draft: PolicyDraft) => void;
  errors: Record<string, string>;
  disabled?: boolean;
};

/** The create dialog's optional "Limits" section, collapsed until asked for; the catalogue loads when it opens. */
export function CreateLimitsSection({ teamId, open, onOpenChange, draft, onChange, errors, disabled }: Props) {
  const id = useId();
  const hasErrors = Object.keys(errors).some((k) => k.startsWith("policy."));
  const options = useQuery({
    queryKey: ["policy-options", teamId],
    queryFn: async () => {
      const result = await getPolicyOptions({ teamId });
      if (!result.ok) throw new Error(result.error);
      return result.data;
    },
    enabled: open || hasErrors,
    staleTime: 30_000,
  });

  return (
    <div className="grid gap-4 rounded-md border">
      <button
        type="button"
        className="flex w-full items-center justify-between gap-3 rounded-md px-3 py-2.5 text-left text-sm font-medium hover:bg-accent/60 focus-visible:outline-hidden focus-visible:ring-2 focus-visible:ring-ring"
        aria-expanded={open}
        aria-controls={`${id}-limits`}
        onClick={() => onOpenChange(!open)}
      >
        <span className="grid gap-0.5">
          <span>Limits</span>
          <span className="text-xs font-normal text-muted-foreground">
            {draftRestricts(draft) ? "Set for this key" : "Optional: models, rate limits, budget, IP allowlist"}
          </span>
        </span>
        <ChevronDown aria-hidden className={cn("size-4 shrink-0 transition-transform", open && "rotate-180")} />
      </button>
      {(open || hasErrors) && (
        <div id={`${id}-limits`} className="px-3 pb-3">
          {options.isPending ? (
            <div className="grid gap-3" aria-busy="true" aria-label="Loading models">
              <Skeleton className="h-16 w-full" />
              <Skeleton className="h-9 w-full" />
            </div>
          ) : options.isError ? (
            <p role="alert" className="text-sm text-destructive">
              Couldn&apos;t load the models: {options.error.message}{" "}
              <button type="button" className="underline" onClick={() => void options.refetch()}>
                Try again
              </button>
            </p>
          ) : (
            <PolicyFields draft={draft} onChange={onChange} models={options.data.models} ceiling={options.data.ceiling} errors={errors} disabled={disabled} />
          )}
        </div>
      )}
    </div>
  );
}
