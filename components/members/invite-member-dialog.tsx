"use client";

import { UserPlus } from "lucide-react";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "@/components/ui/dialog";
import { fieldDescribedBy, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import { toast } from "@/components/ui/toast";
import { useAction } from "@/components/ui/use-action";
import { inviteMember } from "@/lib/actions/invitations/invite-member";
import { MESSAGE_MAX } from "@/lib/invitations/schemas";
import { ROLE_LABELS, type Role } from "@/lib/permissions";
import { InviteLinkPanel, type IssuedLink } from "./invite-link-panel";

const ROLE_HINTS: Record<Role, string> = {
  owner: "Full control, including deleting the team.",
  admin: "Manages members, invitations, keys and settings.",
  developer: "Creates and manages their own API keys; reads usage.",
  billing: "Reads usage and cost only.",
};

export function InviteMemberDialog({ teamId, teamName, roles }: { teamId: string; teamName: string; roles: Role[] }) {
  const id = useId();
  const router = useRouter();
  const initialRole: Role = roles.includes("developer") ? "developer" : roles[roles.length - 1];
  const [open, setOpen] = useState(false);
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>(initialRole);
  const [message, setMessage] = useState("");
  const [issued, setIssued] = useState<IssuedLink | null>(null);
  const invite = useAction(inviteMember, {
    // A failed email leaves the link as the only way in: say so with a warning, not a success.
    successToast: false,
    onSuccess: (data, result) => {
      const { email: invited, inviteUrl, expiresAt, delivery } = data;
      setIssued({ email: invited, inviteUrl, expiresAt: new Date(expiresAt), delivery });
      if (delivery === "failed") toast.warning(result.message ?? "Invitation created. Copy the link.");
      else toast.success(result.message ?? "Invitation sent.");
      router.refresh();
    },
  });
  const errors = invite.fieldErrors;
  const pending = invite.pending;

  function reset() {
    setEmail("");
    setRole(initialRole);
    setMessage("");
    setIssued(null);
    invite.reset();
  }

  function handleOpenChange(next: boolean) {
    if (pending) return;
    setOpen(next);
    if (!next) reset();
  }

  function handleSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void invite.execute({ teamId, email, role, message });
  }

  const emailId = `${id}-email`;
  const roleId = `${id}-role`;
  const messageId = `${id}-message`;

  return (
    <Dialog open={open} onOpenChange={handleOpenChange}>
      <DialogTrigger asChild>
        <Button>
          <UserPlus aria-hidden />
          Invite member
        </Button>
      </DialogTrigger>
      <DialogContent showCloseButton={!pending} onInteractOutside={(e) => issued && e.preventDefault()}>
        {issued ? (
          <div className="grid gap-5">
            <DialogHeader>
              <DialogTitle>Invitation ready</DialogTitle>
              <DialogDescription>
                {issued.email} can join {teamName} as {ROLE_LABELS[role]}.
              </DialogDescription>
            </DialogHeader>
            <InviteLinkPanel issued={issued} id={`${id}-link`} />
            <DialogFooter>
              <Button variant="outline" onClick={reset}>
                Invite someone else
              </Button>
              <Button onClick={() => handleOpenChange(false)}>Done</Button>
            </DialogFooter>
          </div>
        ) : (
          <form ref={invite.formRef} onSubmit={handleSubmit} className="grid gap-5" noValidate>
            <DialogHeader>
              <DialogTitle>Invite a member</DialogTitle>
              <DialogDescription>They get an email with a link that works once and expires in 7 days.</DialogDescription>
            </DialogHeader>

            <FormField label="Email" htmlFor={emailId} error={errors.email} required>
              <Input
                id={emailId}
                type="email"
                value={email}
                onChange={(e) => setEmail(e.target.value)}
                placeholder="name@company.com"
                autoComplete="off"
                maxLength={254}
                aria-invalid={!!errors.email || undefined}
                aria-describedby={fieldDescribedBy(emailId, { error: errors.email })}
                autoFocus
              />
            </FormField>

            <FormField label="Role" htmlFor={roleId} error={errors.role} hint={ROLE_HINTS[role]}>
              <Select
                id={roleId}
                value={role}
                onChange={(e) => setRole(e.target.value as Role)}
                options={roles.map((r) => ({ value: r, label: ROLE_LABELS[r] }))}
                aria-invalid={!!errors.role || undefined}
                aria-describedby={fieldDescribedBy(roleId, { error: errors.role, hint: true })}
              />
            </FormField>

            <FormField
              label="Personal message (optional)"
              htmlFor={messageId}
              error={errors.message}
              hint={`${message.length}/${MESSAGE_MAX}`}
            >
              <Textarea
                id={messageId}
                value={message}
                onChange={(e) => setMessage(e.target.value)}
                rows={3}
                maxLength={MESSAGE_MAX}
                placeholder="Added to the invitation email."
                aria-invalid={!!errors.message || undefined}
                aria-describedby={fieldDescribedBy(messageId, { error: errors.message, hint: true })}
              />
            </FormField>

            {invite.formError && (
              <p role="alert" className="text-sm font-medium text-destructive">
                {invite.formError}
              </p>
            )}

            <DialogFooter>
              <Button variant="outline" disabled={pending} onClick={() => handleOpenChange(false)}>
                Cancel
              </Button>
              <Button type="submit" loading={pending}>
                Send invitation
              </Button>
            </DialogFooter>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}
