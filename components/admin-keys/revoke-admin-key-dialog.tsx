"use client";

import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { useAction } from "@/components/ui/use-action";
import { revokeAdminKey } from "@/lib/actions/admin-keys/revoke-admin-key";

export type AdminKeyTarget = { id: string; name: string; masked: string };

export type RevokeAdminKeyDialogProps = {
  teamId: string;
  target: AdminKeyTarget;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onCloseAutoFocus?: (event: Event) => void;
};

/** Controlled confirmation, opened from a row of the table or of the phone list. */
export function RevokeAdminKeyDialog({ teamId, target, open, onOpenChange, onCloseAutoFocus }: RevokeAdminKeyDialogProps) {
  const revoke = useAction(revokeAdminKey, { onSuccess: () => onOpenChange(false) });
  const pending = revoke.pending;

  function handleOpenChange(next: boolean) {
    if (pending) return;
    onOpenChange(next);
    if (!next) revoke.reset();
  }

  function handleSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void revoke.execute({ teamId, adminKeyId: target.id });
  }

  return (
    <Dialog open={open} onOpenChange={handleOpenChange}>
      <DialogContent showCloseButton={!pending} onCloseAutoFocus={onCloseAutoFocus}>
        {/* min-w-0: the key's name is one unbreakable line (truncated); it must not widen the dialog past a phone. */}
        <form onSubmit={handleSubmit} className="grid min-w-0 gap-4">
          <DialogHeader>
            <DialogTitle className="[overflow-wrap:anywhere]">Revoke {target.name}?</DialogTitle>
            <DialogDescription>Admin API calls with this key will be refused immediately. This can&apos;t be undone.</DialogDescription>
          </DialogHeader>
          <div className="flex min-w-0 items-center justify-between gap-3 rounded-md border bg-muted/40 px-3 py-2 text-sm">
            <span className="truncate font-medium">{target.name}</span>
            <code className="shrink-0 font-mono text-xs text-muted-foreground">{target.masked}</code>
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
              Revoke admin key
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
