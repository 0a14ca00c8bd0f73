"use client";

import { useId } from "react";
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
import { InviteLinkPanel, type IssuedLink } from "./invite-link-panel";

export type InvitationConfirm = { kind: "link" | "revoke"; email: string };

const COPY = {
  link: {
    title: "Make a new invite link?",
    body: (email: string) =>
      `Links are stored only in scrambled form, so the current one can't be shown again. A new link replaces it (the old one stops working), the 7 days start over, and ${email} is emailed the new link.`,
    confirm: "Make new link",
  },
  revoke: {
    title: "Revoke this invitation?",
    body: (email: string) => `The link sent to ${email} stops working immediately. You can invite them again later.`,
    confirm: "Revoke invitation",
  },
} as const;

/** Confirms "copy new link" or "revoke"; the caller runs the action and keeps the dialog open with the error if it fails. */
export function InvitationConfirmDialog({
  confirm,
  pending,
  error,
  onClose,
  onConfirm,
}: {
  confirm: InvitationConfirm | null;
  pending: boolean;
  error: string | null;
  onClose: () => void;
  onConfirm: () => void;
}) {
  const copy = confirm ? COPY[confirm.kind] : null;

  return (
    <Dialog open={confirm !== null} onOpenChange={(open) => !open && !pending && onClose()}>
      <DialogContent showCloseButton={!pending}>
        <DialogHeader>
          <DialogTitle>{copy?.title}</DialogTitle>
          <DialogDescription>{confirm && copy?.body(confirm.email)}</DialogDescription>
        </DialogHeader>
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
          <Button variant={confirm?.kind === "revoke" ? "destructive" : "default"} loading={pending} onClick={onConfirm}>
            {copy?.confirm}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}

/** Shows a freshly issued link; the only moment it can be copied. */
export function NewLinkDialog({ issued, onClose }: { issued: IssuedLink | null; onClose: () => void }) {
  const id = useId();
  return (
    <Dialog open={issued !== null} onOpenChange={(open) => !open && onClose()}>
      <DialogContent onInteractOutside={(e) => e.preventDefault()}>
        <DialogHeader>
          <DialogTitle>New invite link</DialogTitle>
          <DialogDescription>Any earlier link for {issued?.email} no longer works.</DialogDescription>
        </DialogHeader>
        {issued && <InviteLinkPanel issued={issued} id={id} />}
        <DialogFooter>
          <Button onClick={onClose}>Done</Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
