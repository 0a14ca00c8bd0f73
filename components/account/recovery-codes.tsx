"use client";

import { Download, TriangleAlert } from "lucide-react";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";

function recoveryCodesText(email: string, codes: string[]): string {
  return [
    `Gatehouse recovery codes for ${email}`,
    `Made ${new Date().toISOString().slice(0, 10)}`,
    "",
    "Each code signs you in once if you cannot use your authenticator app.",
    "Keep them somewhere safe. Making new codes makes these stop working.",
    "",
    ...codes,
    "",
  ].join("\n");
}

function download(filename: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: "text/plain;charset=utf-8" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export type RecoveryCodesRevealProps = {
  email: string;
  codes: string[];
  /** The codes left the page (copied or downloaded): closing no longer asks. */
  onSaved: () => void;
  onDone: () => void;
};

/** Dialog body that shows new recovery codes exactly once. Render inside a DialogContent. */
export function RecoveryCodesReveal({ email, codes, onSaved, onDone }: RecoveryCodesRevealProps) {
  const text = codes.join("\n");
  return (
    <>
      <DialogHeader>
        <DialogTitle>Save your recovery codes</DialogTitle>
        <DialogDescription>
          If you lose your phone or authenticator app, each code signs you in once. Store them somewhere safe, such as a password manager.
        </DialogDescription>
      </DialogHeader>

      <ul aria-label="Recovery codes" className="grid grid-cols-2 gap-x-4 gap-y-1.5 rounded-md border bg-muted/50 p-3 font-mono text-sm" onCopy={onSaved}>
        {codes.map((code) => (
          <li key={code} data-testid="recovery-code" className="select-all">
            {code}
          </li>
        ))}
      </ul>

      <div className="flex flex-wrap gap-2">
        <CopyButton value={text} label="Copy recovery codes" variant="outline" onCopied={onSaved}>
          Copy
        </CopyButton>
        <Button
          variant="outline"
          size="sm"
          onClick={() => {
            download("gatehouse-recovery-codes.txt", recoveryCodesText(email, codes));
            onSaved();
          }}
        >
          <Download aria-hidden />
          Download .txt
        </Button>
      </div>

      <p role="note" className="flex items-start gap-2 rounded-md border border-warning/30 bg-warning/10 px-3 py-2 text-sm text-warning">
        <TriangleAlert aria-hidden className="mt-0.5 size-4 shrink-0" />
        <span>This is the only time these codes are shown.</span>
      </p>

      <DialogFooter>
        <Button onClick={onDone} autoFocus>
          Done
        </Button>
      </DialogFooter>
    </>
  );
}

/** Asked in place of the codes when the dialog is closed before they were copied or downloaded. */
export function UnsavedCodesQuestion({ onStay, onConfirm }: { onStay: () => void; onConfirm: () => void }) {
  return (
    <>
      <DialogHeader>
        <DialogTitle>Close without saving your recovery codes?</DialogTitle>
        <DialogDescription>
          You haven&apos;t copied or downloaded them, and they are shown only once. Without them, losing your authenticator app means
          losing access to your account.
        </DialogDescription>
      </DialogHeader>
      <DialogFooter>
        <Button variant="outline" onClick={onConfirm}>
          I have saved them
        </Button>
        <Button onClick={onStay} autoFocus>
          Back to the codes
        </Button>
      </DialogFooter>
    </>
  );
}
