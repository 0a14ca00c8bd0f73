"use client";

import { useId } from "react";
import { fieldDescribedBy, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { formatUsd } from "@/lib/money";
import type { PolicyModel } from "@/lib/policy/key-policy";
import type { TeamCeiling } from "@/lib/policy/limits-in-effect";
import { MAX_ALLOWLIST_ENTRIES } from "@/lib/policy/ip-allowlist";
import { cn } from "@/lib/utils";
import type { PolicyDraft } from "./policy-draft";

export type PolicyFieldsProps = {
  draft: PolicyDraft;
  onChange: (draft: PolicyDraft) => void;
  models: PolicyModel[];
  ceiling: TeamCeiling | null;
  /** Field errors as the server sends them, keyed "policy.rpmLimit" and so on. */
  errors: Record<string, string>;
  disabled?: boolean;
};

const count = (n: number) => n.toLocaleString("en-US");

/** The tighter of the team's budget and the operator's spend cap, said as a hint. */
export function budgetCeilingText(ceiling: TeamCeiling | null): string | null {
  if (!ceiling) return null;
  const { budgetMicros: budget, spendCapMicros: cap } = ceiling;
  if (budget !== null && (cap === null || budget <= cap)) return `The team's monthly budget is ${formatUsd(budget)}.`;
  if (cap !== null) return `The team's monthly spend limit is ${formatUsd(cap)}.`;
  return null;
}

/** The fields of a key's policy, shared by the create dialog's "Limits" section and the edit dialog. */
export function PolicyFields({ draft, onChange, models, ceiling, errors, disabled }: PolicyFieldsProps) {
  const id = useId();
  const set = (patch: Partial<PolicyDraft>) => onChange({ ...draft, ...patch });
  const modelsError = errors["policy.allowedModels"];
  const ids = { rpm: `${id}-rpm`, tpm: `${id}-tpm`, budget: `${id}-budget`, ip: `${id}-ip`, models: `${id}-models` };
  const teamBudget = budgetCeilingText(ceiling);

  function toggleModel(modelId: string, on: boolean) {
    set({ models: on ? [...draft.models, modelId] : draft.models.filter((m) => m !== modelId) });
  }

  return (
    <div className="grid gap-5">
      <fieldset className="grid gap-2" disabled={disabled} aria-describedby={modelsError ? `${ids.models}-error` : undefined}>
        <legend className="mb-2 text-sm leading-none font-medium">Models</legend>
        <div className="grid gap-2 sm:grid-cols-2">
          {[
            { value: true, label: "All models", description: "Every model the provider offers, now and later" },
            { value: false, label: "Only these models", description: "Pick from the catalogue below" },
          ].map((option) => (
            <label
              key={String(option.value)}
              className={cn(
                "flex cursor-pointer items-start gap-3 rounded-md border p-3 text-sm transition-colors hover:bg-accent/60",
                "has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-ring has-[:checked]:border-primary has-[:checked]:bg-primary/5 dark:has-[:checked]:bg-primary/10",
              )}
            >
              <input
                type="radio"
                name={`${id}-all-models`}
                checked={draft.allModels === option.value}
                onChange={() => set({ allModels: option.value })}
                className="mt-0.5 size-4 shrink-0 accent-(--primary)"
              />
              <span className="grid gap-0.5">
                <span className="font-medium">{option.label}</span>
                <span className="text-xs text-muted-foreground">{option.description}</span>
              </span>
            </label>
          ))}
        </div>
        {!draft.allModels && (
          <div className="grid gap-1 rounded-md border p-2" role="group" aria-label="Allowed models">
            {models.length === 0 && <p className="p-1 text-sm text-muted-foreground">The provider offers no models yet.</p>}
            {models.map((model) => (
              <label key={model.id} className="flex min-w-0 cursor-pointer items-center gap-3 rounded px-2 py-1.5 text-sm hover:bg-accent/60">
                <input
                  type="checkbox"
                  checked={draft.models.includes(model.id)}
                  onChange={(e) => toggleModel(model.id, e.target.checked)}
                  aria-invalid={modelsError ? true : undefined}
                  className="size-4 shrink-0 accent-(--primary)"
                />
                <span className="min-w-0 flex-1 truncate">
                  {model.displayName}
                  {!model.enabled && <span className="text-muted-foreground"> (turned off by the provider)</span>}
                </span>
                <code className="hidden shrink-0 font-mono text-xs text-muted-foreground sm:inline">{model.id}</code>
              </label>
            ))}
          </div>
        )}
        {modelsError && (
          <p id={`${ids.models}-error`} role="alert" className="text-xs font-medium text-destructive">
            {modelsError}
          </p>
        )}
      </fieldset>

      <div className="grid gap-5 sm:grid-cols-2">
        <FormField
          label="Requests per minute"
          htmlFor={ids.rpm}
          error={errors["policy.rpmLimit"]}
          hint={ceiling?.rpm != null ? `The team allows up to ${count(ceiling.rpm)}. Empty: only the team's limit applies.` : "Empty: no limit."}
        >
          <Input
            id={ids.rpm}
            inputMode="numeric"
            value={draft.rpmLimit}
            onChange={(e) => set({ rpmLimit: e.target.value })}
            placeholder="No limit"
            autoComplete="off"
            disabled={disabled}
            aria-invalid={!!errors["policy.rpmLimit"] || undefined}
            aria-describedby={fieldDescribedBy(ids.rpm, { error: errors["policy.rpmLimit"], hint: true })}
          />
        </FormField>
        <FormField
          label="Tokens per minute"
          htmlFor={ids.tpm}
          error={errors["policy.tpmLimit"]}
          hint={ceiling?.tpm != null ? `The team allows up to ${count(ceiling.tpm)}. Empty: only the team's limit applies.` : "Empty: no limit."}
        >
          <Input
            id={ids.tpm}
            inputMode="numeric"
            value={draft.tpmLimit}
            onChange={(e) => set({ tpmLimit: e.target.value })}
            placeholder="No limit"
            autoComplete="off"
            disabled={disabled}
            aria-invalid={!!errors["policy.tpmLimit"] || undefined}
            aria-describedby={fieldDescribedBy(ids.tpm, { error: errors["policy.tpmLimit"], hint: true })}
          />
        </FormField>
      </div>

      <FormField
        label="Monthly budget (USD)"
        htmlFor={ids.budget}
        error={errors["policy.budget"]}
        hint={`Resets on the 1st of each month, UTC.${teamBudget ? ` ${teamBudget}` : ""}`}
      >
        <Input
          id={ids.budget}
          inputMode="decimal"
          value={draft.budget}
          onChange={(e) => set({ budget: e.target.value })}
          placeholder="No budget"
          autoComplete="off"
          disabled={disabled}
          aria-invalid={!!errors["policy.budget"] || undefined}
          aria-describedby={fieldDescribedBy(ids.budget, { error: errors["policy.budget"], hint: true })}
        />
      </FormField>

      <FormField
        label="IP allowlist"
        htmlFor={ids.ip}
        error={errors["policy.ipAllowlist"]}
        hint={`IPv4 or IPv6 addresses and CIDR ranges, one per line, up to ${MAX_ALLOWLIST_ENTRIES}. Empty: any address.`}
      >
        <Textarea
          id={ids.ip}
          rows={3}
          value={draft.ipAllowlist}
          onChange={(e) => set({ ipAllowlist: e.target.value })}
          placeholder={"203.0.113.0/24\n2001:db8::/48"}
          spellCheck={false}
          autoComplete="off"
          disabled={disabled}
          className="font-mono text-xs"
          aria-invalid={!!errors["policy.ipAllowlist"] || undefined}
          aria-describedby={fieldDescribedBy(ids.ip, { error: errors["policy.ipAllowlist"], hint: true })}
        />
      </FormField>
    </div>
  );
}
