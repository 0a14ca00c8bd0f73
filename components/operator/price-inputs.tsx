"use client";

import { fieldDescribedBy, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { PRICE_FIELDS, PRICE_LABELS, type PriceField } from "@/lib/operator/schemas";

export type PriceValues = Record<PriceField, string>;
export const EMPTY_PRICES: PriceValues = { inputPerMTok: "", outputPerMTok: "", cacheWritePerMTok: "", cacheReadPerMTok: "" };

type Props = {
  idPrefix: string;
  legend: string;
  values: PriceValues;
  onChange: (values: PriceValues) => void;
  errors: Record<string, string>;
  disabled?: boolean;
};

/** The four prices of a model (or of the fallback), in USD per million tokens. */
export function PriceInputs({ idPrefix, legend, values, onChange, errors, disabled }: Props) {
  return (
    <fieldset className="grid gap-3">
      <legend className="mb-1 text-sm font-medium">{legend}</legend>
      <p className="-mt-1 text-xs text-muted-foreground">US dollars per million tokens, up to 6 decimals.</p>
      <div className="grid grid-cols-1 gap-3 min-[420px]:grid-cols-2">
        {PRICE_FIELDS.map((field) => {
          const id = `${idPrefix}-${field}`;
          return (
            <FormField key={field} label={PRICE_LABELS[field]} htmlFor={id} error={errors[field]}>
              <div className="relative">
                <span aria-hidden className="pointer-events-none absolute top-1/2 left-3 -translate-y-1/2 text-sm text-muted-foreground">
                  $
                </span>
                <Input
                  id={id}
                  inputMode="decimal"
                  autoComplete="off"
                  value={values[field]}
                  onChange={(e) => onChange({ ...values, [field]: e.target.value })}
                  disabled={disabled}
                  className="pl-6 tabular-nums"
                  placeholder="0.00"
                  aria-invalid={!!errors[field] || undefined}
                  aria-describedby={fieldDescribedBy(id, { error: errors[field] })}
                />
              </div>
            </FormField>
          );
        })}
      </div>
    </fieldset>
  );
}
