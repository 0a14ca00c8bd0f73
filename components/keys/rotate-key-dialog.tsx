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
import { toast } from "@/components/ui/toast";
import { rotateApiKey } from "@/lib/actions/keys/rotate-api-key";
import { formatDateTime, formatRelative } from "@/lib/format-time";
import { OVERLAP_LABELS, ROTATION_OVERLAPS, type RotationOverlap } from "@/lib/keys/constants";
import { RadioCards } from "./radio-cards";
import { SecretReveal } from "./secret-reveal";

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
};

export function RotateKeyDialog({ teamId, keyId, keyName, maskedKey, open, onOpenChange }: RotateKeyDialogProps) {
  const [overlap, setOverlap] = useState<RotationOverlap>("24h");
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [rotated, setRotated] = useState<Rotated | null>(null);

  function handleOpenChange(next: boolean) {
    if (pending) return;
    onOpenChange(next);
    if (!next) {
      setRotated(null);
      setError(null);
      setOverlap("24h");
    }
  }

  async function handleSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending(true);
    setError(null);
    const result = await rotateApiKey({ teamId, keyId, overlap });
    setPending(false);
    if (!result.ok) {
      setError(result.error);
      toast.error(result.error);
      return;
    }
    setRotated({
      secret: result.data.secret,
      name: result.data.key.name,
      oldSecretValidUntil: new Date(result.data.oldSecretValidUntil),
      overlap,
    });
    toast.success(result.message ?? "Key rotated.");
  }

  // Shown in the browser's own time zone: this text is rendered only on the client.
  const localZone = typeof Intl !== "undefined" ? Intl.DateTimeFormat().resolvedOptions().timeZone : undefined;

  return (
    <Dialog open={open} onOpenChange={handleOpenChange}>
      <DialogContent showCloseButton={!pending} onInteractOutside={(e) => rotated && e.preventDefault()}>
        {rotated ? (
          <SecretReveal secret={rotated.secret} keyName={rotated.name} onDone={() => handleOpenChange(false)}>
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
            {error && (
              <p role="alert" className="text-sm font-medium text-destructive">
                {error}
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
