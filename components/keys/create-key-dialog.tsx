"use client";

import { useId, useState } from "react";
import { CreateLimitsSection } from "@/components/policy/create-limits-section";
import { draftRestricts, EMPTY_DRAFT, policyInputFrom, type PolicyDraft } from "@/components/policy/policy-draft";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogClose,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@/components/ui/dialog";
import { fieldDescribedBy, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { useAction } from "@/components/ui/use-action";
import { createApiKey } from "@/lib/actions/keys/create-api-key";
import {
  DEFAULT_EXPIRY,
  EXPIRY_CHOICES,
  EXPIRY_LABELS,
  type Environment,
  type ExpiryChoice,
} from "@/lib/keys/constants";
import { GatewayRevealSnippets } from "./gateway-snippet";
import { RadioCards } from "./radio-cards";
import { SecretReveal } from "./secret-reveal";
import { UnsavedSecretQuestion, useUnsavedSecretGuard } from "./unsaved-secret-question";

const ENVIRONMENT_OPTIONS = [
  { value: "development" as const, label: "Development", description: "gk_test_… for local work and staging" },
  { value: "production" as const, label: "Production", description: "gk_live_… for live traffic" },
];

/** YYYY-MM-DD in the browser's time zone, for the date input's min/max. */
function localDate(d: Date) {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

type Created = { secret: string; name: string };

export type CreateKeyDialogProps = {
  teamId: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** Where focus goes when the dialog closes (the button that opened it may be gone by then). */
  onCloseAutoFocus?: (event: Event) => void;
  /** For the "Call the gateway" snippets next to the new secret: base URL, and the model of a key allowing all models. */
  gateway: { baseUrl: string; model: string };
};

/**
 * Controlled, and rendered once by KeyDialogsProvider above the page's
 * empty-state/table switch: creating the first key swaps the empty state for
 * the table, and the one-time secret must survive that.
 */
export function CreateKeyDialog({ teamId, open, onOpenChange, onCloseAutoFocus, gateway }: CreateKeyDialogProps) {
  const id = useId();
  const [name, setName] = useState("");
  const [environment, setEnvironment] = useState<Environment>("development");
  const [expiry, setExpiry] = useState<ExpiryChoice>(DEFAULT_EXPIRY);
  const [customDate, setCustomDate] = useState("");
  const [limitsOpen, setLimitsOpen] = useState(false);
  const [policy, setPolicy] = useState<PolicyDraft>(EMPTY_DRAFT);
  const [created, setCreated] = useState<Created | null>(null);
  const create = useAction(createApiKey, {
    onSuccess: (data) => setCreated({ secret: data.secret, name: data.key.name }),
  });
  const guard = useUnsavedSecretGuard(close);
  const errors = create.fieldErrors;
  const pending = create.pending;

  function close() {
    onOpenChange(false);
    // Forget the secret as soon as the dialog closes: it must not be shown twice.
    setName("");
    setEnvironment("development");
    setExpiry(DEFAULT_EXPIRY);
    setCustomDate("");
    setLimitsOpen(false);
    setPolicy(EMPTY_DRAFT);
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
    void create.execute({
      teamId,
      name,
      environment,
      expiry,
      customDate: expiry === "custom" ? endOfDay : undefined,
      // Sent only when it restricts something, even if the section was collapsed again.
      policy: draftRestricts(policy) ? policyInputFrom(policy) : undefined,
    });
  }

  const nameId = `${id}-name`;
  const expiryId = `${id}-expiry`;
  const dateId = `${id}-customDate`;
  const today = new Date();
  const fiveYears = new Date(today.getTime() + 5 * 365 * 24 * 60 * 60 * 1000);

  return (
    <Dialog open={open} onOpenChange={handleOpenChange}>
      <DialogContent
        role={guard.asking ? "alertdialog" : "dialog"}
        showCloseButton={!pending}
        onCloseAutoFocus={onCloseAutoFocus}
      >
        {created && guard.asking ? (
          <UnsavedSecretQuestion keyName={created.name} onStay={guard.stay} onConfirm={guard.confirmClose} />
        ) : created ? (
          <SecretReveal secret={created.secret} keyName={created.name} onCopied={guard.markCopied} onDone={guard.requestClose}>
            {/* The draft is what was created (kept until the dialog closes): a key limited to models calls the first. */}
            <GatewayRevealSnippets
              secret={created.secret}
              onCopied={guard.markCopied}
              baseUrl={gateway.baseUrl}
              model={!policy.allModels && policy.models.length > 0 ? policy.models[0] : gateway.model}
              restricted={!policy.allModels && policy.models.length > 0}
            />
          </SecretReveal>
        ) : (
          <form ref={create.formRef} onSubmit={handleSubmit} className="grid gap-5" noValidate>
            <DialogHeader>
              <DialogTitle>Create API key</DialogTitle>
              <DialogDescription>The secret is shown once, right after you create the key.</DialogDescription>
            </DialogHeader>

            <FormField label="Name" htmlFor={nameId} error={errors.name} hint="Something that says where it is used.">
              <Input
                id={nameId}
                value={name}
                onChange={(e) => setName(e.target.value)}
                placeholder="e.g. Checkout service"
                maxLength={64}
                autoComplete="off"
                aria-invalid={!!errors.name || undefined}
                aria-describedby={fieldDescribedBy(nameId, { error: errors.name, hint: true })}
                autoFocus
              />
            </FormField>

            <RadioCards
              name={`${id}-environment`}
              legend="Environment"
              options={ENVIRONMENT_OPTIONS}
              value={environment}
              onChange={setEnvironment}
              error={errors.environment}
              columns={2}
            />

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

            <CreateLimitsSection
              teamId={teamId}
              open={limitsOpen}
              onOpenChange={setLimitsOpen}
              draft={policy}
              onChange={setPolicy}
              errors={errors}
              disabled={pending}
            />

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
                Create key
              </Button>
            </DialogFooter>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}
