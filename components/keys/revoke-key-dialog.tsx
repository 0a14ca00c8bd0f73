"use client";

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
  onCloseAutoFocus?: (event: Event) => void;
};

/** Controlled confirm dialog, so it can be opened from a row's dropdown menu. */
export function RevokeKeyDialog({ teamId, keyId, keyName, maskedKey, rotating, open, onOpenChange, onCloseAutoFocus }: RevokeKeyDialogProps) {
  const revoke = useAction(revokeApiKey, { onSuccess: () => onOpenChange(false) });
  const pending = revoke.pending;

  function handleOpenChange(next: boolean) {
    if (pending) return;
    onOpenChange(next);
    if (!next) revoke.reset();
  }

  function handleSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void revoke.execute({ teamId, keyId });
  }

  return (
    <Dialog open={open} onOpenChange={handleOpenChange}>
      <DialogContent showCloseButton={!pending} onCloseAutoFocus={onCloseAutoFocus}>
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
          {revoke.formError && (
            <p role="alert" className="text-sm font-medium text-destructive">
              {revoke.formError}
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
