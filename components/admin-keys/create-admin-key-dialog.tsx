"use client";

import { useId, useState } from "react";
import { RadioCards } from "@/components/keys/radio-cards";
import { SecretReveal } from "@/components/keys/secret-reveal";
import { UnsavedSecretQuestion, useUnsavedSecretGuard } from "@/components/keys/unsaved-secret-question";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { fieldDescribedBy, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { useAction } from "@/components/ui/use-action";
import { createAdminKey } from "@/lib/actions/admin-keys/create-admin-key";
import { ADMIN_KEY_ROLE_DESCRIPTIONS, ADMIN_KEY_ROLE_LABELS, ADMIN_KEY_ROLES, type AdminKeyRole } from "@/lib/admin-keys/constants";
import { adminApiCurl } from "@/lib/admin-keys/example";
import { DEFAULT_EXPIRY, EXPIRY_CHOICES, EXPIRY_LABELS, type ExpiryChoice } from "@/lib/keys/constants";
import { CodeBlock } from "@/components/ui/code-block";

const ROLE_OPTIONS = ADMIN_KEY_ROLES.map((value) => ({ value, label: ADMIN_KEY_ROLE_LABELS[value], description: ADMIN_KEY_ROLE_DESCRIPTIONS[value] }));

/** YYYY-MM-DD in the browser's time zone, for the date input's min/max. */
function localDate(d: Date) {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export type CreateAdminKeyDialogProps = {
  teamId: string;
  baseUrl: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onCloseAutoFocus?: (event: Event) => void;
};

/** Name, role and expiry; then the secret, once, guarded against closing before it was copied. */
export function CreateAdminKeyDialog({ teamId, baseUrl, open, onOpenChange, onCloseAutoFocus }: CreateAdminKeyDialogProps) {
  const id = useId();
  const [name, setName] = useState("");
  const [role, setRole] = useState<AdminKeyRole>("read-only");
  const [expiry, setExpiry] = useState<ExpiryChoice>(DEFAULT_EXPIRY);
  const [customDate, setCustomDate] = useState("");
  const [created, setCreated] = useState<{ secret: string; name: string } | null>(null);
  const create = useAction(createAdminKey, { onSuccess: (data) => setCreated({ secret: data.secret, name: data.key.name }) });
  const guard = useUnsavedSecretGuard(close);
  const errors = create.fieldErrors;
  const pending = create.pending;

  function close() {
    onOpenChange(false);
    // Forget the secret as soon as the dialog closes: it must not be shown twice.
    setName("");
    setRole("read-only");
    setExpiry(DEFAULT_EXPIRY);
    setCustomDate("");
    setCreated(null);
    create.reset();
    guard.reset();
  }

  function handleOpenChange(next: boolean) {
    if (next) onOpenChange(true);
    else if (pending) return;
    else if (created) guard.requestClose();
    else close();
  }

  function handleSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    // The key lasts through the end of the chosen day where the user is.
    const endOfDay = customDate ? new Date(`${customDate}T23:59:59.999`).toISOString() : undefined;
    void create.execute({ teamId, name, role, expiry, customDate: expiry === "custom" ? endOfDay : undefined });
  }

  const nameId = `${id}-name`;
  const expiryId = `${id}-expiry`;
  const dateId = `${id}-customDate`;
  const today = new Date();
  const fiveYears = new Date(today.getTime() + 5 * 365 * 24 * 60 * 60 * 1000);

  return (
    <Dialog open={open} onOpenChange={handleOpenChange}>
      <DialogContent role={guard.asking ? "alertdialog" : "dialog"} showCloseButton={!pending} onCloseAutoFocus={onCloseAutoFocus}>
        {created && guard.asking ? (
          <UnsavedSecretQuestion
            keyName={created.name}
            onStay={guard.stay}
            onConfirm={guard.confirmClose}
            whenLost="if it isn't saved somewhere, you will have to create another admin key."
          />
        ) : created ? (
          <SecretReveal secret={created.secret} keyName={created.name} onCopied={guard.markCopied} onDone={guard.requestClose}>
            <div className="grid gap-2">
              <p className="text-sm font-medium">Try it</p>
              <CodeBlock label="Shell" text={adminApiCurl(baseUrl, created.secret)} copyLabel="Copy command" onCopied={guard.markCopied} />
            </div>
          </SecretReveal>
        ) : (
          <form ref={create.formRef} onSubmit={handleSubmit} className="grid gap-5" noValidate>
            <DialogHeader>
              <DialogTitle>Create admin key</DialogTitle>
              <DialogDescription>For the Admin API. The secret is shown once, right after you create the key.</DialogDescription>
            </DialogHeader>

            <FormField label="Name" htmlFor={nameId} error={errors.name} hint="Something that says what uses it.">
              <Input
                id={nameId}
                value={name}
                onChange={(e) => setName(e.target.value)}
                placeholder="e.g. Terraform"
                maxLength={64}
                autoComplete="off"
                aria-invalid={!!errors.name || undefined}
                aria-describedby={fieldDescribedBy(nameId, { error: errors.name, hint: true })}
                autoFocus
              />
            </FormField>

            <RadioCards name={`${id}-role`} legend="Role" options={ROLE_OPTIONS} value={role} onChange={setRole} error={errors.role} />

            <FormField label="Expires" htmlFor={expiryId} error={errors.expiry}>
              <Select
                id={expiryId}
                value={expiry}
                onChange={(e) => setExpiry(e.target.value as ExpiryChoice)}
                options={EXPIRY_CHOICES.map((c) => ({ value: c, label: c === "never" || c === "custom" ? EXPIRY_LABELS[c] : `In ${EXPIRY_LABELS[c]}` }))}
                aria-invalid={!!errors.expiry || undefined}
              />
            </FormField>

            {expiry === "custom" && (
              <FormField label="Expiry date" htmlFor={dateId} error={errors.customDate} hint="The key stops working at the end of this day.">
                <Input
                  id={dateId}
                  type="date"
                  value={customDate}
                  min={localDate(today)}
                  max={localDate(fiveYears)}
                  onChange={(e) => setCustomDate(e.target.value)}
                  aria-invalid={!!errors.customDate || undefined}
                  aria-describedby={fieldDescribedBy(dateId, { error: errors.customDate, hint: true })}
                />
              </FormField>
            )}

            {create.formError && (
              <p role="alert" className="text-sm font-medium text-destructive">
                {create.formError}
              </p>
            )}

            <DialogFooter>
              <DialogClose asChild>
                <Button variant="outline" disabled={pending}>
                  Cancel
                </Button>
              </DialogClose>
              <Button type="submit" loading={pending}>
                Create admin key
              </Button>
            </DialogFooter>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}
