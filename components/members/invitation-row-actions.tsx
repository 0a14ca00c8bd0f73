"use client";

import { Ban, Ellipsis, Link2, Mail } from "lucide-react";
import { Button } from "@/components/ui/button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";

export type InvitationMenuAction = "resend" | "link" | "revoke";

export type InvitationRowActionsProps = {
  email: string;
  /** Why resend / new link are unavailable (an admin looking at an owner invitation), or null. */
  reissueBlock: string | null;
  busy: boolean;
  onSelect: (action: InvitationMenuAction) => void;
};

export function InvitationRowActions({ email, reissueBlock, busy, onSelect }: InvitationRowActionsProps) {
  return (
    // Non-modal so focus returns cleanly when a dialog opens from the menu. The trigger stays
    // mounted while busy (as a spinner), so focus can come back to it.
    <DropdownMenu modal={false}>
      <DropdownMenuTrigger asChild>
        <Button
          variant="ghost"
          size="icon"
          className="size-8"
          loading={busy}
          aria-label={busy ? `Working on the invitation to ${email}` : `Actions for the invitation to ${email}`}
        >
          <Ellipsis aria-hidden />
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent className="min-w-52">
        <DropdownMenuItem disabled={!!reissueBlock} onSelect={() => onSelect("resend")}>
          <Mail aria-hidden />
          Resend email
        </DropdownMenuItem>
        <DropdownMenuItem disabled={!!reissueBlock} onSelect={() => onSelect("link")}>
          <Link2 aria-hidden />
          Copy new link…
        </DropdownMenuItem>
        {reissueBlock && <p className="max-w-52 px-2 py-1 text-xs text-muted-foreground">{reissueBlock}</p>}
        <DropdownMenuSeparator />
        <DropdownMenuItem variant="destructive" onSelect={() => onSelect("revoke")}>
          <Ban aria-hidden />
          Revoke…
        </DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
