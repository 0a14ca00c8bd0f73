"use client";

import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { DialogClose, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { fieldDescribedBy, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { useAction } from "@/components/ui/use-action";
import { updateModel } from "@/lib/actions/operator/update-model";
import type { CatalogueRow } from "@/lib/operator/models";

/** Dialog body: display name, enabled, sort order. Render inside a DialogContent. */
export function EditModelForm({ model, onDone }: { model: CatalogueRow; onDone: () => void }) {
  const id = useId();
  const [displayName, setDisplayName] = useState(model.displayName);
  const [enabled, setEnabled] = useState(model.enabled);
  const [sortOrder, setSortOrder] = useState(String(model.sortOrder));
  const update = useAction(updateModel, { onSuccess: onDone });
  const errors = update.fieldErrors;

  return (
    <form
      ref={update.formRef}
      noValidate
      className="grid gap-5"
      onSubmit={(event) => {
        event.preventDefault();
        void update.execute({ modelId: model.id, displayName, enabled, sortOrder });
      }}
    >
      <DialogHeader>
        <DialogTitle>Edit {model.displayName}</DialogTitle>
        <DialogDescription>
          <span className="font-mono">{model.id}</span>. A disabled model is refused for every key, whatever the key allows.
        </DialogDescription>
      </DialogHeader>
      <FormField label="Display name" htmlFor={`${id}-name`} error={errors.displayName}>
        <Input
          id={`${id}-name`}
          value={displayName}
          onChange={(e) => setDisplayName(e.target.value)}
          maxLength={100}
          aria-invalid={!!errors.displayName || undefined}
          aria-describedby={fieldDescribedBy(`${id}-name`, { error: errors.displayName })}
          autoFocus
        />
      </FormField>
      <FormField label="Sort order" htmlFor={`${id}-order`} error={errors.sortOrder} hint="Lower numbers are listed first.">
        <Input
          id={`${id}-order`}
          inputMode="numeric"
          value={sortOrder}
          onChange={(e) => setSortOrder(e.target.value)}
          className="w-32"
          aria-invalid={!!errors.sortOrder || undefined}
          aria-describedby={fieldDescribedBy(`${id}-order`, { error: errors.sortOrder, hint: true })}
        />
      </FormField>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" className="size-4 accent-primary" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
        Enabled (keys may use it)
      </label>
      {update.formError && (
        <p role="alert" className="text-sm font-medium text-destructive">
          {update.formError}
        </p>
      )}
      <DialogFooter>
        <DialogClose asChild>
          <Button variant="outline" disabled={update.pending}>
            Cancel
          </Button>
        </DialogClose>
        <Button type="submit" loading={update.pending}>
          Save
        </Button>
      </DialogFooter>
    </form>
  );
}
