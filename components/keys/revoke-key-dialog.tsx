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
import { revokeApiKey } from "@/lib/actions/keys/revoke-api-key";

export type RevokeKeyDialogProps = {
  teamId: string;
  keyId: string;
  keyName: string;
  maskedKey: string;
  /** True for the old key of a rotation: revoking ends its overlap early. */
  rotating?: boolean;
  open: boolean;
  onOpenChange: (open: boolean) => void;
};

/** Controlled confirm dialog, so it can be opened from a row's dropdown menu. */
export function RevokeKeyDialog({ teamId, keyId, keyName, maskedKey, rotating, open, onOpenChange }: RevokeKeyDialogProps) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  function handleOpenChange(next: boolean) {
    if (pending) return;
    onOpenChange(next);
    if (!next) setError(null);
  }

  async function handleSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending(true);
    setError(null);
    const result = await revokeApiKey({ teamId, keyId });
    setPending(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    toast.success(result.message ?? "Key revoked.");
    onOpenChange(false);
  }

  return (
    <Dialog open={open} onOpenChange={handleOpenChange}>
      <DialogContent showCloseButton={!pending}>
        <form onSubmit={handleSubmit} className="grid gap-4">
          <DialogHeader>
            <DialogTitle>{rotating ? `Revoke the old secret of ${keyName}?` : `Revoke ${keyName}?`}</DialogTitle>
            <DialogDescription>
              Requests using this key will be refused immediately. This can&apos;t be undone.
              {rotating && " The replacement key is not affected."}
            </DialogDescription>
          </DialogHeader>
          <div className="flex items-center justify-between gap-3 rounded-md border bg-muted/40 px-3 py-2 text-sm">
            <span className="truncate font-medium">{keyName}</span>
            <code className="font-mono text-xs text-muted-foreground">{maskedKey}</code>
          </div>
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
            <Button type="submit" variant="destructive" loading={pending}>
              Revoke key
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
