"use client";

import { Plus } from "lucide-react";
import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { fieldDescribedBy, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { useAction } from "@/components/ui/use-action";
import { addModel } from "@/lib/actions/operator/add-model";
import { EMPTY_PRICES, PriceInputs, type PriceValues } from "./price-inputs";

export function AddModelDialog() {
  const id = useId();
  const [open, setOpen] = useState(false);
  const [modelId, setModelId] = useState("");
  const [displayName, setDisplayName] = useState("");
  const [enabled, setEnabled] = useState(true);
  const [prices, setPrices] = useState<PriceValues>(EMPTY_PRICES);
  const add = useAction(addModel, {
    onSuccess: () => {
      setOpen(false);
      setModelId("");
      setDisplayName("");
      setEnabled(true);
      setPrices(EMPTY_PRICES);
    },
  });
  const errors = add.fieldErrors;

  function handleOpenChange(next: boolean) {
    if (add.pending) return;
    setOpen(next);
    if (!next) add.reset();
  }

  return (
    <Dialog open={open} onOpenChange={handleOpenChange}>
      <DialogTrigger asChild>
        <Button>
          <Plus aria-hidden />
          Add model
        </Button>
      </DialogTrigger>
      <DialogContent showCloseButton={!add.pending}>
        <form
          ref={add.formRef}
          noValidate
          className="grid gap-5"
          onSubmit={(event) => {
            event.preventDefault();
            void add.execute({ id: modelId, displayName, enabled, ...prices });
          }}
        >
          <DialogHeader>
            <DialogTitle>Add a model</DialogTitle>
            <DialogDescription>Keys can be limited to it, and its usage is priced from the moment it is added.</DialogDescription>
          </DialogHeader>
          <FormField label="Model id" htmlFor={`${id}-id`} error={errors.id} hint="As the API names it, e.g. claude-sonnet-5. It cannot be changed later.">
            <Input
              id={`${id}-id`}
              value={modelId}
              onChange={(e) => setModelId(e.target.value)}
              autoComplete="off"
              autoCapitalize="off"
              spellCheck={false}
              maxLength={100}
              className="font-mono"
              aria-invalid={!!errors.id || undefined}
              aria-describedby={fieldDescribedBy(`${id}-id`, { error: errors.id, hint: true })}
              autoFocus
            />
          </FormField>
          <FormField label="Display name" htmlFor={`${id}-name`} error={errors.displayName}>
            <Input
              id={`${id}-name`}
              value={displayName}
              onChange={(e) => setDisplayName(e.target.value)}
              maxLength={100}
              autoComplete="off"
              placeholder="e.g. Claude Sonnet 5"
              aria-invalid={!!errors.displayName || undefined}
              aria-describedby={fieldDescribedBy(`${id}-name`, { error: errors.displayName })}
            />
          </FormField>
          <PriceInputs idPrefix={`${id}-price`} legend="Prices" values={prices} onChange={setPrices} errors={errors} />
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" className="size-4 accent-primary" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
            Enabled (keys may use it)
          </label>
          {add.formError && (
            <p role="alert" className="text-sm font-medium text-destructive">
              {add.formError}
            </p>
          )}
          <DialogFooter>
            <DialogClose asChild>
              <Button variant="outline" disabled={add.pending}>
                Cancel
              </Button>
            </DialogClose>
            <Button type="submit" loading={add.pending}>
              Add model
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
