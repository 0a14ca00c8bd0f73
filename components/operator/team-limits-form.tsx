"use client";

import { useState } from "react";
import { FormAlert } from "@/components/auth/form-alert";
import { Button } from "@/components/ui/button";
import { useAction } from "@/components/ui/use-action";
import { setTeamLimits } from "@/lib/actions/operator/set-team-limits";
import { capLabel, limitLabel, usdField } from "./format";
import { LimitField } from "./settings-form";

type Props = {
  teamId: string;
  overrides: { rpmLimit: number | null; tpmLimit: number | null; spendCapMicros: number | null };
  plan: { rpm: number | null; tpm: number | null; spendCapMicros: number | null };
};

/** The team's own limits; an empty field follows the default plan. */
export function TeamLimitsForm({ teamId, overrides, plan }: Props) {
  const initial = {
    rpmLimit: overrides.rpmLimit === null ? "" : String(overrides.rpmLimit),
    tpmLimit: overrides.tpmLimit === null ? "" : String(overrides.tpmLimit),
    spendCap: usdField(overrides.spendCapMicros),
  };
  const [values, setValues] = useState(initial);
  const [saved, setSaved] = useState(initial);
  const save = useAction(setTeamLimits, { onSuccess: () => setSaved(values) });
  const errors = save.fieldErrors;
  const dirty = JSON.stringify(values) !== JSON.stringify(saved);
  const follows = (what: string) => `Empty follows the default plan (${what}).`;

  return (
    <form
      ref={save.formRef}
      noValidate
      className="grid gap-5"
      onSubmit={(event) => {
        event.preventDefault();
        void save.execute({ teamId, ...values });
      }}
    >
      {save.formError && <FormAlert>{save.formError}</FormAlert>}
      <div className="grid gap-4 sm:grid-cols-3">
        <LimitField id="team-rpm" label="Requests per minute" value={values.rpmLimit} onChange={(v) => setValues({ ...values, rpmLimit: v })} error={errors.rpmLimit} hint={follows(limitLabel(plan.rpm).toLowerCase())} />
        <LimitField id="team-tpm" label="Tokens per minute" value={values.tpmLimit} onChange={(v) => setValues({ ...values, tpmLimit: v })} error={errors.tpmLimit} hint={follows(limitLabel(plan.tpm).toLowerCase())} />
        <LimitField id="team-cap" label="Monthly spend cap" money value={values.spendCap} onChange={(v) => setValues({ ...values, spendCap: v })} error={errors.spendCap} hint={follows(capLabel(plan.spendCapMicros).toLowerCase())} />
      </div>
      <div className="flex flex-wrap justify-end gap-2">
        <Button
          variant="ghost"
          disabled={save.pending || (values.rpmLimit === "" && values.tpmLimit === "" && values.spendCap === "")}
          onClick={() => setValues({ rpmLimit: "", tpmLimit: "", spendCap: "" })}
        >
          Follow the default plan
        </Button>
        <Button type="submit" loading={save.pending} disabled={!dirty}>
          Save limits
        </Button>
      </div>
    </form>
  );
}
