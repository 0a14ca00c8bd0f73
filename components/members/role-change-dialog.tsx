"use client";

import { ArrowRight, Check, Minus, TriangleAlert } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@/components/ui/dialog";
import { canManageMember, ROLE_LABELS, type Role } from "@/lib/permissions";
import { summarizeRoleChange } from "./role-abilities";
import { RoleBadge } from "./role-badge";

export type RoleChange = { from: Role; to: Role };

export type RoleChangeDialogProps = {
  change: RoleChange | null;
  member: { name: string; email: string };
  isSelf: boolean;
  pending: boolean;
  error: string | null;
  onCancel: () => void;
  onConfirm: (change: RoleChange) => void;
  /** The control to focus when the dialog closes (the select it was opened from). */
  returnFocusTo: React.RefObject<HTMLElement | null>;
};

/** Confirms a role change: whose, from what to what, and what the new role allows. */
export function RoleChangeDialog({ change, member, isSelf, pending, error, onCancel, onConfirm, returnFocusTo }: RoleChangeDialogProps) {
  const summary = change ? summarizeRoleChange(change.from, change.to) : null;
  const to = change ? ROLE_LABELS[change.to] : "";
  // Only someone above the new role can undo a self-demotion.
  const whoCanUndo = change && canManageMember("admin", change.from) ? "an owner or admin" : "an owner";

  return (
    <Dialog open={change !== null} onOpenChange={(open) => !open && !pending && onCancel()}>
      <DialogContent
        showCloseButton={!pending}
        onCloseAutoFocus={(event) => {
          const control = returnFocusTo.current;
          if (control?.isConnected) {
            event.preventDefault();
            control.focus();
          }
        }}
      >
        {change && summary && (
          <>
            <DialogHeader>
              <DialogTitle className="break-words">{isSelf ? "Change your own role?" : `Change ${member.name}'s role?`}</DialogTitle>
              <DialogDescription className="break-words">
                {isSelf ? "You" : member.name} <span className="text-muted-foreground">({member.email})</span> will go from{" "}
                {ROLE_LABELS[change.from]} to {to}.
              </DialogDescription>
            </DialogHeader>

            <div className="flex flex-wrap items-center gap-2" aria-hidden>
              <RoleBadge role={change.from} />
              <ArrowRight className="size-4 text-muted-foreground" />
              <RoleBadge role={change.to} />
            </div>

            <section aria-labelledby="role-change-allowed" className="grid gap-2">
              <h3 id="role-change-allowed" className="text-sm font-medium">
                {isSelf ? `As ${to}, you will be able to:` : `As ${to}, ${member.name} can:`}
              </h3>
              <ul className="grid gap-1.5 text-sm" data-testid="role-allows">
                {summary.allowed.map((a) => (
                  <li key={a.permission} className="flex items-start gap-2">
                    <Check aria-hidden className="mt-0.5 size-4 shrink-0 text-success" />
                    <span className="min-w-0">
                      {a.text}
                      {a.added && (
                        <Badge variant="info" className="ml-2 align-text-bottom">
                          New
                        </Badge>
                      )}
                    </span>
                  </li>
                ))}
              </ul>
            </section>

            {summary.lost.length > 0 && (
              <section aria-labelledby="role-change-lost" className="grid gap-2">
                <h3 id="role-change-lost" className="text-sm font-medium">
                  {isSelf ? "You will no longer be able to:" : "No longer able to:"}
                </h3>
                <ul className="grid gap-1.5 text-sm text-muted-foreground" data-testid="role-loses">
                  {summary.lost.map((a) => (
                    <li key={a.permission} className="flex items-start gap-2">
                      <Minus aria-hidden className="mt-0.5 size-4 shrink-0 text-destructive" />
                      <span className="min-w-0">{a.text}</span>
                    </li>
                  ))}
                </ul>
              </section>
            )}

            {isSelf && !summary.promotion && (
              <p className="flex items-start gap-2 rounded-md border border-warning/30 bg-warning/10 px-3 py-2 text-sm text-warning">
                <TriangleAlert aria-hidden className="mt-0.5 size-4 shrink-0" />
                <span>You can&apos;t undo this yourself: only {whoCanUndo} can give the role back.</span>
              </p>
            )}

            {error && (
              <p role="alert" className="text-sm font-medium text-destructive">
                {error}
              </p>
            )}

            <DialogFooter>
              <Button variant="outline" disabled={pending} onClick={onCancel}>
                Cancel
              </Button>
              <Button loading={pending} onClick={() => onConfirm(change)}>
                {isSelf ? `Make me ${to}` : `Make ${to}`}
              </Button>
            </DialogFooter>
          </>
        )}
      </DialogContent>
    </Dialog>
  );
}
