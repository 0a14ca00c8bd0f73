"use client";

import { TriangleAlert } from "lucide-react";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";

export type SecretRevealProps = {
  secret: string;
  keyName: string;
  /** What the secret is called in the words of the dialog: "key" (API keys, admin keys), "signing secret", "token". */
  noun?: string;
  /** Extra facts shown under the secret, e.g. until when a rotated key's old secret works. */
  children?: React.ReactNode;
  /** The secret reached the clipboard (copy button, or the user's own Ctrl+C on the selected text). */
  onCopied: () => void;
  onDone: () => void;
};

/** Dialog body that shows a new secret exactly once. Render inside a DialogContent. */
export function SecretReveal({ secret, keyName, noun = "key", children, onCopied, onDone }: SecretRevealProps) {
  return (
    <>
      <DialogHeader>
        <DialogTitle>Save your {noun}</DialogTitle>
        <DialogDescription>
          Your new secret for <span className="font-medium break-words text-foreground">{keyName}</span>.
        </DialogDescription>
      </DialogHeader>

      <div className="flex items-center gap-2 rounded-md border bg-muted/50 p-2 pl-3">
        <code
          data-testid="new-key-secret"
          aria-label={noun === "key" ? "API key secret" : `The new ${noun}`}
          className="min-w-0 flex-1 font-mono text-sm break-all select-all"
          onCopy={onCopied}
        >
          {secret}
        </code>
        <CopyButton value={secret} label={`Copy ${noun}`} variant="outline" onCopied={onCopied} />
      </div>

      <p
        role="note"
        className="flex items-start gap-2 rounded-md border border-warning/30 bg-warning/10 px-3 py-2 text-sm text-warning"
      >
        <TriangleAlert aria-hidden className="mt-0.5 size-4 shrink-0" />
        <span>This is the only time the secret is shown. Store it somewhere safe.</span>
      </p>

      {children}

      <DialogFooter>
        <Button onClick={onDone} autoFocus>
          Done
        </Button>
      </DialogFooter>
    </>
  );
}
