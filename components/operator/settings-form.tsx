"use client";

import { useState } from "react";
import { FormAlert } from "@/components/auth/form-alert";
import { Button } from "@/components/ui/button";
import { fieldDescribedBy, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { useAction } from "@/components/ui/use-action";
import { updateOperatorSettings } from "@/lib/actions/operator/update-operator-settings";
import type { OperatorSettingsView } from "@/lib/operator/settings";
import { usdField } from "./format";
import { PriceInputs, type PriceValues } from "./price-inputs";

type Values = { defaultRpmLimit: string; defaultTpmLimit: string; defaultSpendCap: string; prices: PriceValues };

function valuesOf(s: OperatorSettingsView): Values {
  return {
    defaultRpmLimit: s.defaultRpmLimit === null ? "" : String(s.defaultRpmLimit),
    defaultTpmLimit: s.defaultTpmLimit === null ? "" : String(s.defaultTpmLimit),
    defaultSpendCap: usdField(s.defaultSpendCapMicros),
    prices: {
      inputPerMTok: usdField(s.fallback.inputPerMTok),
      outputPerMTok: usdField(s.fallback.outputPerMTok),
      cacheWritePerMTok: usdField(s.fallback.cacheWritePerMTok),
      cacheReadPerMTok: usdField(s.fallback.cacheReadPerMTok),
    },
  };
}

export function LimitField(props: { id: string; label: string; value: string; onChange: (v: string) => void; error?: string; hint: string; money?: boolean }) {
  const { id, label, value, onChange, error, hint, money } = props;
  return (
    <FormField label={label} htmlFor={id} error={error} hint={hint}>
      <div className="relative">
        {money && (
          <span aria-hidden className="pointer-events-none absolute top-1/2 left-3 -translate-y-1/2 text-sm text-muted-foreground">
            $
          </span>
        )}
        <Input
          id={id}
          inputMode={money ? "decimal" : "numeric"}
          autoComplete="off"
          value={value}
          onChange={(e) => onChange(e.target.value)}
          placeholder="Unlimited"
          className={money ? "pl-6 tabular-nums" : "tabular-nums"}
          aria-invalid={!!error || undefined}
          aria-describedby={fieldDescribedBy(id, { error, hint: true })}
        />
      </div>
    </FormField>
  );
}

/** The default plan and the fallback price, saved together. */
export function SettingsForm({ settings }: { settings: OperatorSettingsView }) {
  const [values, setValues] = useState(() => valuesOf(settings));
  const [saved, setSaved] = useState(values);
  const save = useAction(updateOperatorSettings, { onSuccess: () => setSaved(values) });
  const errors = save.fieldErrors;
  const dirty = JSON.stringify(values) !== JSON.stringify(saved);
  const set = (patch: Partial<Values>) => setValues((v) => ({ ...v, ...patch }));

  return (
    <form
      ref={save.formRef}
      noValidate
      className="grid gap-8"
      onSubmit={(event) => {
        event.preventDefault();
        const { prices, ...plan } = values;
        void save.execute({ ...plan, ...prices });
      }}
    >
      {save.formError && <FormAlert>{save.formError}</FormAlert>}
      <fieldset className="grid gap-4">
        <legend className="mb-1 text-base font-semibold">Default plan</legend>
        <p className="-mt-2 text-sm text-muted-foreground">
          Every team without its own override follows these limits. Leave a field empty for no limit.
        </p>
        <div className="grid gap-4 sm:grid-cols-3">
          <LimitField id="default-rpm" label="Requests per minute" value={values.defaultRpmLimit} onChange={(v) => set({ defaultRpmLimit: v })} error={errors.defaultRpmLimit} hint="Per team, all keys." />
          <LimitField id="default-tpm" label="Tokens per minute" value={values.defaultTpmLimit} onChange={(v) => set({ defaultTpmLimit: v })} error={errors.defaultTpmLimit} hint="Input + output." />
          <LimitField id="default-cap" label="Monthly spend cap" money value={values.defaultSpendCap} onChange={(v) => set({ defaultSpendCap: v })} error={errors.defaultSpendCap} hint="USD, resets on the 1st (UTC)." />
        </div>
      </fieldset>
      <div className="grid gap-2">
        <PriceInputs idPrefix="fallback" legend="Fallback price" values={values.prices} onChange={(prices) => set({ prices })} errors={errors} />
        <p className="text-xs text-muted-foreground">Prices usage of models that are not in the catalogue; the dashboards flag such usage.</p>
      </div>
      <div className="flex justify-end gap-2">
        <Button
          variant="ghost"
          disabled={!dirty || save.pending}
          onClick={() => {
            setValues(saved);
            save.reset();
          }}
        >
          Reset
        </Button>
        <Button type="submit" loading={save.pending} disabled={!dirty}>
          Save settings
        </Button>
      </div>
    </form>
  );
}
