"use client";

import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { DialogClose, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { useAction } from "@/components/ui/use-action";
import { changeModelPrices } from "@/lib/actions/operator/change-model-prices";
import type { CatalogueRow } from "@/lib/operator/models";
import { usdField } from "./format";
import { EMPTY_PRICES, PriceInputs, type PriceValues } from "./price-inputs";

/** Dialog body: new prices from now on. Render inside a DialogContent. */
export function ChangePricesForm({ model, onDone }: { model: CatalogueRow; onDone: () => void }) {
  const id = useId();
  const current = model.current;
  const [prices, setPrices] = useState<PriceValues>(
    current
      ? {
          inputPerMTok: usdField(current.inputPerMTok),
          outputPerMTok: usdField(current.outputPerMTok),
          cacheWritePerMTok: usdField(current.cacheWritePerMTok),
          cacheReadPerMTok: usdField(current.cacheReadPerMTok),
        }
      : EMPTY_PRICES,
  );
  const change = useAction(changeModelPrices, { onSuccess: onDone });

  return (
    <form
      ref={change.formRef}
      noValidate
      className="grid gap-5"
      onSubmit={(event) => {
        event.preventDefault();
        void change.execute({ modelId: model.id, ...prices });
      }}
    >
      <DialogHeader>
        <DialogTitle>Change prices of {model.displayName}</DialogTitle>
        <DialogDescription>
          The new prices apply to usage from this moment on. Cost already counted keeps the price it was counted at.
        </DialogDescription>
      </DialogHeader>
      <PriceInputs idPrefix={`${id}-price`} legend="New prices" values={prices} onChange={setPrices} errors={change.fieldErrors} />
      {change.formError && (
        <p role="alert" className="text-sm font-medium text-destructive">
          {change.formError}
        </p>
      )}
      <DialogFooter>
        <DialogClose asChild>
          <Button variant="outline" disabled={change.pending}>
            Cancel
          </Button>
        </DialogClose>
        <Button type="submit" loading={change.pending}>
          Apply from now
        </Button>
      </DialogFooter>
    </form>
  );
}
