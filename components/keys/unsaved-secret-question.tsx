"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@/components/ui/dialog";

/**
 * While a one-time secret is on screen and has not been copied, every way of
 * closing its dialog (Esc, ×, a click outside, Done) asks first. Once the
 * secret was copied, closing is free.
 */
export function useUnsavedSecretGuard(close: () => void) {
  const [copied, setCopied] = useState(false);
  const [asking, setAsking] = useState(false);
  return {
    copied,
    asking,
    markCopied: () => setCopied(true),
    requestClose: () => (copied ? close() : setAsking(true)),
    stay: () => setAsking(false),
    confirmClose: () => {
      setAsking(false);
      close();
    },
    reset: () => {
      setCopied(false);
      setAsking(false);
    },
  };
}

export type UnsavedSecretDialogProps = {
  open: boolean;
  keyName: string;
  /** Back to the secret. */
  onStay: () => void;
  /** "I have saved it": close the secret for good. */
  onConfirm: () => void;
};

/** Stacked over the secret, which stays visible underneath. */
export function UnsavedSecretDialog({ open, keyName, onStay, onConfirm }: UnsavedSecretDialogProps) {
  return (
    <Dialog open={open} onOpenChange={(next) => !next && onStay()}>
      <DialogContent role="alertdialog" showCloseButton={false} className="max-w-md">
        <DialogHeader className="pr-0">
          <DialogTitle>Close without copying the key?</DialogTitle>
          <DialogDescription>
            You haven&apos;t copied the secret for <span className="font-medium break-words text-foreground">{keyName}</span>. It
            is shown only once: if it isn&apos;t saved somewhere, you will have to rotate the key to get a new secret.
          </DialogDescription>
        </DialogHeader>
        <DialogFooter>
          <Button variant="outline" onClick={onConfirm}>
            I have saved it
          </Button>
          <Button onClick={onStay} autoFocus>
            Back to the key
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
