"use client";

import { Ban, Ellipsis, RefreshCw } from "lucide-react";
import { useRef } from "react";
import { Button } from "@/components/ui/button";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuTrigger } from "@/components/ui/dropdown-menu";
import { useKeyDialogs } from "./key-dialogs";

export type KeyRowActionsProps = {
  keyId: string;
  keyName: string;
  /** prefix…last4, so dialogs tell apart keys that share a name. */
  maskedKey: string;
  canRotate: boolean;
  canRevoke: boolean;
  rotating: boolean;
};

/**
 * Render only for keys the caller may manage; the server checks again on every action.
 * The dialogs themselves live in KeyDialogsProvider, so they outlive this row.
 */
export function KeyRowActions({ keyId, keyName, maskedKey, canRotate, canRevoke, rotating }: KeyRowActionsProps) {
  const dialogs = useKeyDialogs();
  const trigger = useRef<HTMLButtonElement>(null);
  if (!dialogs || (!canRotate && !canRevoke)) return null;
  const target = { id: keyId, name: keyName, masked: maskedKey, rotating };
  return (
    // Non-modal so focus and pointer events return cleanly when a dialog opens from the menu.
    <DropdownMenu modal={false}>
      <DropdownMenuTrigger asChild>
        <Button ref={trigger} variant="ghost" size="icon" className="size-8" aria-label={`Actions for ${keyName}`}>
          <Ellipsis aria-hidden />
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent>
        {canRotate && (
          <DropdownMenuItem onSelect={() => dialogs.openKeyAction("rotate", target, trigger.current)}>
            <RefreshCw aria-hidden />
            Rotate…
          </DropdownMenuItem>
        )}
        {canRevoke && (
          <DropdownMenuItem variant="destructive" onSelect={() => dialogs.openKeyAction("revoke", target, trigger.current)}>
            <Ban aria-hidden />
            {rotating ? "Revoke old secret now…" : "Revoke…"}
          </DropdownMenuItem>
        )}
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
