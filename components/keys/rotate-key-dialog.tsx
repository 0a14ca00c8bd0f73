"use client";

import { useState } from "react";
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
import { useAction } from "@/components/ui/use-action";
import { rotateApiKey } from "@/lib/actions/keys/rotate-api-key";
import { formatDateTime, formatRelative } from "@/lib/format-time";
import { OVERLAP_LABELS, ROTATION_OVERLAPS, type RotationOverlap } from "@/lib/keys/constants";
import { RadioCards } from "./radio-cards";
import { SecretReveal } from "./secret-reveal";
import { UnsavedSecretQuestion, useUnsavedSecretGuard } from "./unsaved-secret-question";

type Rotated = { secret: string; name: string; oldSecretValidUntil: Date; overlap: RotationOverlap };

const OVERLAP_OPTIONS = ROTATION_OVERLAPS.map((value) => ({
  value,
  label: OVERLAP_LABELS[value],
  description:
    value === "none"
      ? "Anything still using the old secret fails immediately."
      : "Time to deploy the new secret before the old one stops working.",
}));

export type RotateKeyDialogProps = {
  teamId: string;
  keyId: string;
  keyName: string;
  maskedKey: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onCloseAutoFocus?: (event: Event) => void;
};

export function RotateKeyDialog({ teamId, keyId, keyName, maskedKey, open, onOpenChange, onCloseAutoFocus }: RotateKeyDialogProps) {
  const [overlap, setOverlap] = useState<RotationOverlap>("24h");
  const [rotated, setRotated] = useState<Rotated | null>(null);
  const rotate = useAction(rotateApiKey, {
    onSuccess: (data) =>
      setRotated({
        secret: data.secret,
        name: data.key.name,
        oldSecretValidUntil: new Date(data.oldSecretValidUntil),
        overlap,
      }),
  });
  const guard = useUnsavedSecretGuard(close);
  const pending = rotate.pending;

  function close() {
    onOpenChange(false);
    setRotated(null);
    setOverlap("24h");
    rotate.reset();
    guard.reset();
  }

  function handleOpenChange(next: boolean) {
    if (next) onOpenChange(true);
    else if (pending) return;
    else if (rotated) guard.requestClose();
    else close();
  }

  function handleSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void rotate.execute({ teamId, keyId, overlap });
  }

  // Shown in the browser's own time zone: this text is rendered only on the client.
  const localZone = typeof Intl !== "undefined" ? Intl.DateTimeFormat().resolvedOptions().timeZone : undefined;

  return (
    <Dialog open={open} onOpenChange={handleOpenChange}>
      <DialogContent
        role={guard.asking ? "alertdialog" : "dialog"}
        showCloseButton={!pending}
        onCloseAutoFocus={onCloseAutoFocus}
      >
        {rotated && guard.asking ? (
          <UnsavedSecretQuestion keyName={rotated.name} onStay={guard.stay} onConfirm={guard.confirmClose} />
        ) : rotated ? (
          <SecretReveal secret={rotated.secret} keyName={rotated.name} onCopied={guard.markCopied} onDone={guard.requestClose}>
            <p className="text-sm text-muted-foreground" data-testid="old-secret-until">
              {rotated.overlap === "none" ? (
                "The old secret was revoked and no longer works."
              ) : (
                <>
                  The old secret keeps working until{" "}
                  <span className="font-medium text-foreground">
                    {formatDateTime(rotated.oldSecretValidUntil, localZone)}
                  </span>{" "}
                  ({formatRelative(rotated.oldSecretValidUntil)}).
                </>
              )}
            </p>
          </SecretReveal>
        ) : (
          <form onSubmit={handleSubmit} className="grid gap-5">
            <DialogHeader>
              <DialogTitle>Rotate {keyName}</DialogTitle>
              <DialogDescription>
                A new secret replaces <code className="font-mono text-xs text-foreground">{maskedKey}</code>, with
                the same name, environment and expiry.
              </DialogDescription>
            </DialogHeader>
            <RadioCards
              name={`rotate-${keyId}-overlap`}
              legend="What happens to the old secret?"
              options={OVERLAP_OPTIONS}
              value={overlap}
              onChange={setOverlap}
              disabled={pending}
            />
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
                Rotate key
              </Button>
            </DialogFooter>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}
