"use client";

import { Ban, Ellipsis, RefreshCw } from "lucide-react";
import { createContext, useCallback, useContext, useState } from "react";
import { Button } from "@/components/ui/button";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuTrigger } from "@/components/ui/dropdown-menu";
import { RevokeKeyDialog } from "./revoke-key-dialog";
import { RotateKeyDialog } from "./rotate-key-dialog";

type Target = { id: string; name: string; masked: string; rotating: boolean };
type Open = (action: "rotate" | "revoke", target: Target) => void;

const KeyActionsContext = createContext<Open | null>(null);

/**
 * Holds the rotate/revoke dialogs above the table. A row can vanish when the
 * list refreshes (a status filter no longer matches), and the one-time secret
 * must not vanish with it.
 */
export function KeyActionsProvider({ teamId, children }: { teamId: string; children: React.ReactNode }) {
  const [state, setState] = useState<{ action: "rotate" | "revoke"; target: Target } | null>(null);
  const [open, setOpen] = useState(false);
  const openDialog = useCallback<Open>((action, target) => {
    setState({ action, target });
    setOpen(true);
  }, []);
  const onOpenChange = (next: boolean) => setOpen(next);

  return (
    <KeyActionsContext.Provider value={openDialog}>
      {children}
      {state && (
        <RotateKeyDialog
          key={`rotate-${state.target.id}`}
          teamId={teamId}
          keyId={state.target.id}
          keyName={state.target.name}
          maskedKey={state.target.masked}
          open={open && state.action === "rotate"}
          onOpenChange={onOpenChange}
        />
      )}
      {state && (
        <RevokeKeyDialog
          key={`revoke-${state.target.id}`}
          teamId={teamId}
          keyId={state.target.id}
          keyName={state.target.name}
          maskedKey={state.target.masked}
          rotating={state.target.rotating}
          open={open && state.action === "revoke"}
          onOpenChange={onOpenChange}
        />
      )}
    </KeyActionsContext.Provider>
  );
}

export type KeyRowActionsProps = {
  keyId: string;
  keyName: string;
  /** prefix…last4, so dialogs tell apart keys that share a name. */
  maskedKey: string;
  canRotate: boolean;
  canRevoke: boolean;
  rotating: boolean;
};

/** Render only for keys the caller may manage; the server checks again on every action. */
export function KeyRowActions({ keyId, keyName, maskedKey, canRotate, canRevoke, rotating }: KeyRowActionsProps) {
  const openDialog = useContext(KeyActionsContext);
  if (!openDialog || (!canRotate && !canRevoke)) return null;
  const target = { id: keyId, name: keyName, masked: maskedKey, rotating };
  return (
    // Non-modal so focus and pointer events return cleanly when a dialog opens from the menu.
    <DropdownMenu modal={false}>
      <DropdownMenuTrigger asChild>
        <Button variant="ghost" size="icon" className="size-8" aria-label={`Actions for ${keyName}`}>
          <Ellipsis aria-hidden />
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent>
        {canRotate && (
          <DropdownMenuItem onSelect={() => openDialog("rotate", target)}>
            <RefreshCw aria-hidden />
            Rotate…
          </DropdownMenuItem>
        )}
        {canRevoke && (
          <DropdownMenuItem variant="destructive" onSelect={() => openDialog("revoke", target)}>
            <Ban aria-hidden />
            {rotating ? "Revoke old secret now…" : "Revoke…"}
          </DropdownMenuItem>
        )}
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
