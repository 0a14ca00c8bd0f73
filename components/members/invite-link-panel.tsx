"use client";

import { CircleAlert, CircleCheck, Info } from "lucide-react";
import { CopyButton } from "@/components/ui/copy-button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { formatDateTime } from "@/lib/format-time";
import type { Delivery } from "@/lib/invitations/deliver";

export type IssuedLink = { email: string; inviteUrl: string; expiresAt: Date; delivery: Delivery };

const DELIVERY_NOTE: Record<Delivery, { icon: typeof Info; className: string; text: (email: string) => string }> = {
  sent: { icon: CircleCheck, className: "text-success", text: (email) => `We emailed the link to ${email}.` },
  logged: {
    icon: Info,
    className: "text-muted-foreground",
    text: () => "Email isn't set up on this server, so nothing was sent. Copy the link and send it yourself.",
  },
  failed: {
    icon: CircleAlert,
    className: "text-warning",
    text: () => "Invitation created, but the email could not be sent — copy the link instead.",
  },
};

/** The plain link exists only now: the server keeps just its hash. */
export function InviteLinkPanel({ issued, id }: { issued: IssuedLink; id: string }) {
  const note = DELIVERY_NOTE[issued.delivery];
  const Icon = note.icon;
  return (
    <div className="grid gap-3">
      <p className={`flex items-start gap-2 text-sm ${note.className}`}>
        <Icon className="mt-0.5 size-4 shrink-0" aria-hidden />
        <span>{note.text(issued.email)}</span>
      </p>
      <div className="grid gap-2">
        <Label htmlFor={id}>Invite link</Label>
        <div className="flex items-center gap-2">
          <Input id={id} value={issued.inviteUrl} readOnly className="font-mono text-xs" onFocus={(e) => e.currentTarget.select()} />
          <CopyButton value={issued.inviteUrl} label="Copy invite link" variant="outline" size="md">
            Copy
          </CopyButton>
        </div>
        <p className="text-xs text-muted-foreground">
          Works once, only for {issued.email}, until {formatDateTime(issued.expiresAt)}. Copy it now: for safety it can't be shown
          again (you can make a new one from the pending list).
        </p>
      </div>
    </div>
  );
}
