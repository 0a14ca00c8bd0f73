"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";

/**
 * While a one-time secret is on screen and has not been copied, every way of
 * closing its dialog (Esc, ×, a click outside, Done) asks first. Once the
 * secret was copied, closing is free. Closing the dialog while it asks means
 * "go back to the key".
 */
export function useUnsavedSecretGuard(close: () => void) {
  const [copied, setCopied] = useState(false);
  const [asking, setAsking] = useState(false);
  return {
    asking,
    markCopied: () => setCopied(true),
    /** Every close attempt while the secret is shown goes through here. */
    requestClose: () => {
      if (asking) setAsking(false);
      else if (copied) close();
      else setAsking(true);
    },
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

export type UnsavedSecretQuestionProps = {
  keyName: string;
  /** What the secret is called ("key", "signing secret", "token"), as in SecretReveal. */
  noun?: string;
  /** What losing the secret means, after "It is shown only once:" (API keys: rotating the key). */
  whenLost?: string;
  /** Back to the secret. */
  onStay: () => void;
  /** "I have saved it": close the secret for good. */
  onConfirm: () => void;
};

/**
 * Dialog body shown in place of the secret (same dialog, so Esc, × and focus
 * stay simple); render inside a DialogContent with role="alertdialog".
 */
export function UnsavedSecretQuestion({
  keyName,
  noun = "key",
  whenLost = "if it isn't saved somewhere, you will have to rotate the key to get a new secret.",
  onStay,
  onConfirm,
}: UnsavedSecretQuestionProps) {
  return (
    <>
      <DialogHeader>
        <DialogTitle>Close without copying the {noun}?</DialogTitle>
        <DialogDescription>
          You haven&apos;t copied the secret for <span className="font-medium break-words text-foreground">{keyName}</span>. It is
          shown only once: {whenLost}
        </DialogDescription>
      </DialogHeader>
      <DialogFooter>
        <Button variant="outline" onClick={onConfirm}>
          I have saved it
        </Button>
        <Button onClick={onStay} autoFocus>
          Back to the {noun}
        </Button>
      </DialogFooter>
    </>
  );
}
