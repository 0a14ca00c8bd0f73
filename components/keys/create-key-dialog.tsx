"use client";

import { Plus } from "lucide-react";
import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogClose,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "@/components/ui/dialog";
import { fieldDescribedBy, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { toast } from "@/components/ui/toast";
import { createApiKey } from "@/lib/actions/keys/create-api-key";
import {
  DEFAULT_EXPIRY,
  EXPIRY_CHOICES,
  EXPIRY_LABELS,
  type Environment,
  type ExpiryChoice,
} from "@/lib/keys/constants";
import { RadioCards } from "./radio-cards";
import { SecretReveal } from "./secret-reveal";

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

export function CreateKeyDialog({ teamId, label = "Create key" }: { teamId: string; label?: string }) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState("");
  const [environment, setEnvironment] = useState<Environment>("development");
  const [expiry, setExpiry] = useState<ExpiryChoice>(DEFAULT_EXPIRY);
  const [customDate, setCustomDate] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [pending, setPending] = useState(false);
  const [created, setCreated] = useState<Created | null>(null);

  function reset() {
    setName("");
    setEnvironment("development");
    setExpiry(DEFAULT_EXPIRY);
    setCustomDate("");
    setErrors({});
    setCreated(null);
  }

  function handleOpenChange(next: boolean) {
    if (pending) return;
    setOpen(next);
    // Forget the secret as soon as the dialog closes: it must not be shown twice.
    if (!next) reset();
  }

  async function handleSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending(true);
    setErrors({});
    // The key lasts through the end of the chosen day where the user is.
    const endOfDay = customDate ? new Date(`${customDate}T23:59:59.999`).toISOString() : undefined;
    const result = await createApiKey({
      teamId,
      name,
      environment,
      expiry,
      customDate: expiry === "custom" ? endOfDay : undefined,
    });
    setPending(false);
    if (!result.ok) {
      setErrors(result.fieldErrors ?? {});
      // Field errors already sit next to their fields; toast only what has no field.
      if (!result.fieldErrors || Object.keys(result.fieldErrors).length === 0) toast.error(result.error);
      return;
    }
    setCreated({ secret: result.data.secret, name: result.data.key.name });
    toast.success(result.message ?? "Key created.");
  }

  const nameId = `${id}-name`;
  const expiryId = `${id}-expiry`;
  const dateId = `${id}-customDate`;
  const today = new Date();
  const fiveYears = new Date(today.getTime() + 5 * 365 * 24 * 60 * 60 * 1000);

  return (
    <Dialog open={open} onOpenChange={handleOpenChange}>
      <DialogTrigger asChild>
        <Button>
          <Plus aria-hidden />
          {label}
        </Button>
      </DialogTrigger>
      <DialogContent
        showCloseButton={!pending}
        // A stray click outside must not throw away a secret that is shown only once.
        onInteractOutside={(e) => created && e.preventDefault()}
      >
        {created ? (
          <SecretReveal secret={created.secret} keyName={created.name} onDone={() => handleOpenChange(false)} />
        ) : (
          <form onSubmit={handleSubmit} className="grid gap-5" noValidate>
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
