"use client";

import { ArrowRight, Check, Minus, Plus, TriangleAlert } from "lucide-react";
import { useId } from "react";
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
import { summarizeRoleChange, type Ability } from "./role-abilities";
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
                {isSelf ? "You" : member.email} will go from {ROLE_LABELS[change.from]} to {to}.
              </DialogDescription>
            </DialogHeader>

            <div className="flex flex-wrap items-center gap-2" aria-hidden>
              <RoleBadge role={change.from} />
              <ArrowRight className="size-4 text-muted-foreground" />
              <RoleBadge role={change.to} />
            </div>

            {/* Everything the new role allows: what it adds (or keeps), then, for a demotion, what goes. */}
            <div className="grid gap-4" data-testid="role-allows">
              {summary.promotion ? (
                <>
                  <AbilityList
                    testId="role-gains"
                    title={`What ${to} adds`}
                    items={summary.allowed.filter((a) => a.added)}
                    icon={<Plus aria-hidden className="mt-0.5 size-4 shrink-0 text-success" />}
                  />
                  <AbilityList
                    testId="role-keeps"
                    title={isSelf ? "What you keep" : "What they keep"}
                    items={summary.allowed.filter((a) => !a.added)}
                    icon={<Check aria-hidden className="mt-0.5 size-4 shrink-0 text-muted-foreground" />}
                    muted
                  />
                </>
              ) : (
                <AbilityList
                  testId="role-keeps"
                  title={`What ${to} allows`}
                  items={summary.allowed}
                  icon={<Check aria-hidden className="mt-0.5 size-4 shrink-0 text-success" />}
                />
              )}
            </div>
            <AbilityList
              testId="role-loses"
              title={isSelf ? "What you lose" : "What they lose"}
              items={summary.lost}
              icon={<Minus aria-hidden className="mt-0.5 size-4 shrink-0 text-destructive" />}
              muted
            />

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

function AbilityList({
  title,
  items,
  icon,
  muted,
  testId,
}: {
  title: string;
  items: Ability[];
  icon: React.ReactNode;
  muted?: boolean;
  testId: string;
}) {
  const id = useId();
  if (items.length === 0) return null;
  return (
    <section aria-labelledby={id} className="grid gap-2">
      <h3 id={id} className="text-sm font-medium">
        {title}
      </h3>
      <ul className={muted ? "grid gap-1.5 text-sm text-muted-foreground" : "grid gap-1.5 text-sm"} data-testid={testId}>
        {items.map((a) => (
          <li key={a.permission} className="flex items-start gap-2">
            {icon}
            <span className="min-w-0">{a.text}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
