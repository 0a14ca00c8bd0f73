"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { FormAlert } from "@/components/auth/form-alert";
import { Button } from "@/components/ui/button";
import { fieldDescribedBy, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { useAction } from "@/components/ui/use-action";
import { setTeamBudget } from "@/lib/actions/policy/set-team-budget";
import { formatUsd, microsToUsdText } from "@/lib/money";
import { ROLE_LABELS } from "@/lib/permissions";
import { ALERT_ROLES, MAX_ALERT_EMAILS, MAX_ALERT_THRESHOLDS, type AlertRole } from "@/lib/policy/schemas";
import type { TeamBudget } from "@/lib/policy/team-budget";

type Props = {
  teamId: string;
  initial: TeamBudget;
  /** The operator's monthly spend cap for the team (null: none), which the budget cannot exceed. */
  spendCapMicros: number | null;
  /** False shows the values read-only; the server refuses the change either way. */
  canEdit: boolean;
};

type Draft = { budget: string; thresholds: string; roles: AlertRole[]; emails: string };

const draftOf = (b: TeamBudget): Draft => ({
  budget: b.budgetMicros === null ? "" : microsToUsdText(b.budgetMicros),
  thresholds: b.alertThresholds.join(", "),
  roles: b.alertRoles,
  emails: b.alertEmails.join("\n"),
});

const readOnlyClass = "bg-muted/50 dark:bg-muted/50";

export function TeamBudgetForm({ teamId, initial, spendCapMicros, canEdit }: Props) {
  const router = useRouter();
  const [draft, setDraft] = useState<Draft>(() => draftOf(initial));
  const [saved, setSaved] = useState<Draft>(() => draftOf(initial));
  const save = useAction(setTeamBudget, {
    onSuccess: (budget) => {
      setDraft(draftOf(budget));
      setSaved(draftOf(budget));
      router.refresh();
    },
  });
  const { pending, fieldErrors: errors, formError } = save;
  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));
  const dirty = JSON.stringify(draft) !== JSON.stringify(saved);

  function handleSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!canEdit) return;
    void save.execute({ teamId, budget: draft.budget, alertThresholds: draft.thresholds, alertRoles: draft.roles, alertEmails: draft.emails });
  }

  const capHint = spendCapMicros === null ? "" : ` The provider's monthly spend limit for this team is ${formatUsd(spendCapMicros)}.`;

  return (
    <form ref={save.formRef} onSubmit={handleSubmit} noValidate className="grid gap-5">
      {formError && <FormAlert>{formError}</FormAlert>}
      <FormField
        label="Monthly budget (USD)"
        htmlFor="team-budget"
        error={errors.budget}
        hint={canEdit ? `Empty: no team budget. Resets on the 1st of each month, UTC.${capHint}` : undefined}
      >
        <Input
          id="team-budget"
          inputMode="decimal"
          value={canEdit ? draft.budget : initial.budgetMicros === null ? "No budget" : formatUsd(initial.budgetMicros)}
          onChange={(e) => set({ budget: e.target.value })}
          readOnly={!canEdit}
          placeholder="No budget"
          autoComplete="off"
          aria-invalid={!!errors.budget || undefined}
          aria-describedby={fieldDescribedBy("team-budget", { error: errors.budget, hint: canEdit })}
          className={canEdit ? undefined : readOnlyClass}
        />
      </FormField>

      <FormField
        label="Alert thresholds (% of a budget)"
        htmlFor="team-alert-thresholds"
        error={errors.alertThresholds}
        hint={canEdit ? `Up to ${MAX_ALERT_THRESHOLDS} percentages from 1 to 100, separated by commas. They apply to the team's budget and to every key's.` : undefined}
      >
        <Input
          id="team-alert-thresholds"
          value={draft.thresholds}
          onChange={(e) => set({ thresholds: e.target.value })}
          readOnly={!canEdit}
          placeholder="50, 80, 100"
          autoComplete="off"
          aria-invalid={!!errors.alertThresholds || undefined}
          aria-describedby={fieldDescribedBy("team-alert-thresholds", { error: errors.alertThresholds, hint: canEdit })}
          className={canEdit ? undefined : readOnlyClass}
        />
      </FormField>

      <fieldset className="grid gap-2" aria-describedby={errors.alertRoles ? "team-alert-roles-error" : undefined}>
        <legend className="mb-2 text-sm leading-none font-medium">Who gets alert emails</legend>
        <div className="flex flex-wrap gap-x-5 gap-y-2">
          {ALERT_ROLES.map((role) => (
            <label key={role} className="flex items-center gap-2 text-sm">
              <input
                type="checkbox"
                checked={draft.roles.includes(role)}
                disabled={!canEdit}
                onChange={(e) => set({ roles: e.target.checked ? ALERT_ROLES.filter((r) => r === role || draft.roles.includes(r)) : draft.roles.filter((r) => r !== role) })}
                aria-invalid={errors.alertRoles ? true : undefined}
                className="size-4 accent-(--primary)"
              />
              {ROLE_LABELS[role]}s
            </label>
          ))}
        </div>
        {errors.alertRoles && (
          <p id="team-alert-roles-error" role="alert" className="text-xs font-medium text-destructive">
            {errors.alertRoles}
          </p>
        )}
      </fieldset>

      <FormField
        label="Also email"
        htmlFor="team-alert-emails"
        error={errors.alertEmails}
        hint={canEdit ? `Up to ${MAX_ALERT_EMAILS} more addresses, one per line, such as a finance inbox.` : undefined}
      >
        <Textarea
          id="team-alert-emails"
          rows={3}
          value={canEdit ? draft.emails : draft.emails || "No other addresses."}
          onChange={(e) => set({ emails: e.target.value })}
          readOnly={!canEdit}
          placeholder="finance@example.com"
          spellCheck={false}
          autoComplete="off"
          aria-invalid={!!errors.alertEmails || undefined}
          aria-describedby={fieldDescribedBy("team-alert-emails", { error: errors.alertEmails, hint: canEdit })}
          className={canEdit ? undefined : readOnlyClass}
        />
      </FormField>

      {canEdit && (
        <div className="flex justify-end gap-2">
          <Button type="button" variant="outline" disabled={!dirty || pending} onClick={() => { setDraft(saved); save.reset(); }}>
            Discard changes
          </Button>
          <Button type="submit" loading={pending} disabled={!dirty}>
            Save budget
          </Button>
        </div>
      )}
    </form>
  );
}
