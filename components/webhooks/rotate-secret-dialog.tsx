"use client";

import { useState } from "react";
import { RadioCards } from "@/components/keys/radio-cards";
import { SecretReveal } from "@/components/keys/secret-reveal";
import { UnsavedSecretQuestion, useUnsavedSecretGuard } from "@/components/keys/unsaved-secret-question";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { useAction } from "@/components/ui/use-action";
import { rotateWebhookSecret } from "@/lib/actions/webhooks/rotate-webhook-secret";
import { formatDateTime } from "@/lib/format-time";
import { DEFAULT_SECRET_OVERLAP, SECRET_OVERLAP_LABELS, SECRET_OVERLAPS, type SecretOverlap } from "@/lib/webhooks/constants";

const OVERLAP_OPTIONS = SECRET_OVERLAPS.map((value) => ({
  value,
  label: SECRET_OVERLAP_LABELS[value],
  description:
    value === "none"
      ? "A receiver still checking with the old secret refuses every delivery from now on."
      : "Each delivery carries a signature from each secret, so the receiver can switch over in its own time.",
}));

type Rotated = { secret: string; overlap: SecretOverlap; until: string };

/** Overlap choice, then the new secret once, guarded against closing before it was copied. */
export function RotateSecretDialog({ teamId, endpointId, endpointUrl }: { teamId: string; endpointId: string; endpointUrl: string }) {
  const [open, setOpen] = useState(false);
  const [overlap, setOverlap] = useState<SecretOverlap>(DEFAULT_SECRET_OVERLAP);
  const [rotated, setRotated] = useState<Rotated | null>(null);
  const rotate = useAction(rotateWebhookSecret, {
    onSuccess: (data) => setRotated({ secret: data.secret, overlap: data.overlap, until: new Date(data.oldSecretsValidUntil).toISOString() }),
  });
  const guard = useUnsavedSecretGuard(close);
  const pending = rotate.pending;

  function close() {
    setOpen(false);
    setRotated(null);
    setOverlap(DEFAULT_SECRET_OVERLAP);
    rotate.reset();
    guard.reset();
  }

  function handleOpenChange(next: boolean) {
    if (next) setOpen(true);
    else if (pending) return;
    else if (rotated) guard.requestClose();
    else close();
  }

  return (
    <Dialog open={open} onOpenChange={handleOpenChange}>
      <DialogTrigger asChild>
        <Button variant="outline">Rotate secret</Button>
      </DialogTrigger>
      <DialogContent role={guard.asking ? "alertdialog" : "dialog"} showCloseButton={!pending}>
        {rotated && guard.asking ? (
          <UnsavedSecretQuestion
            noun="signing secret"
            keyName={endpointUrl}
            onStay={guard.stay}
            onConfirm={guard.confirmClose}
            whenLost="if it isn't saved somewhere, you will have to rotate the secret again."
          />
        ) : rotated ? (
          <SecretReveal noun="signing secret" secret={rotated.secret} keyName={endpointUrl} onCopied={guard.markCopied} onDone={guard.requestClose}>
            <p className="text-sm text-muted-foreground" data-testid="old-secret-until">
              {rotated.overlap === "none"
                ? "The old secret no longer signs deliveries: only this one does."
                : `Until ${formatDateTime(rotated.until)}, deliveries are signed with the old secret too.`}
            </p>
          </SecretReveal>
        ) : (
          <form
            className="grid gap-5"
            onSubmit={(event) => {
              event.preventDefault();
              void rotate.execute({ teamId, endpointId, overlap });
            }}
          >
            <DialogHeader>
              <DialogTitle>Rotate signing secret</DialogTitle>
              <DialogDescription className="break-words">
                A new secret for <span className="font-medium text-foreground">{endpointUrl}</span>, shown once. Give it to your receiver before the old one stops signing.
              </DialogDescription>
            </DialogHeader>
            <RadioCards name="webhook-secret-overlap" legend="The old secret" options={OVERLAP_OPTIONS} value={overlap} onChange={setOverlap} error={rotate.fieldErrors.overlap} />
            {rotate.formError && (
              <p role="alert" className="text-sm font-medium text-destructive">
                {rotate.formError}
              </p>
            )}
            <DialogFooter>
              <DialogClose asChild>
                <Button variant="outline" disabled={pending}>
                  Cancel
                </Button>
              </DialogClose>
              <Button type="submit" loading={pending}>
                Rotate secret
              </Button>
            </DialogFooter>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}
