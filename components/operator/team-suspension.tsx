"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { fieldDescribedBy, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { useAction } from "@/components/ui/use-action";
import { resumeTeam } from "@/lib/actions/operator/resume-team";
import { suspendTeam } from "@/lib/actions/operator/suspend-team";

type Props = { team: { id: string; name: string; suspended: boolean } };

/** Suspend (with a reason, confirmed in a dialog) or resume (confirmed) a team. */
export function TeamSuspension({ team }: Props) {
  if (team.suspended) {
    return (
      <ConfirmDialog
        trigger={<Button variant="outline">Resume team…</Button>}
        title={`Resume ${team.name}?`}
        description="Its keys work again at once, within their own limits."
        confirmLabel="Resume team"
        action={() => resumeTeam({ teamId: team.id })}
      />
    );
  }
  return <SuspendDialog team={team} />;
}

function SuspendDialog({ team }: Props) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const suspend = useAction(suspendTeam, {
    onSuccess: () => {
      setOpen(false);
      setReason("");
    },
  });
  const error = suspend.fieldErrors.reason;

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        if (suspend.pending) return;
        setOpen(next);
        if (!next) suspend.reset();
      }}
    >
      <DialogTrigger asChild>
        <Button variant="destructive">Suspend team…</Button>
      </DialogTrigger>
      <DialogContent showCloseButton={!suspend.pending}>
        <form
          ref={suspend.formRef}
          noValidate
          className="grid gap-4"
          onSubmit={(event) => {
            event.preventDefault();
            void suspend.execute({ teamId: team.id, reason });
          }}
        >
          <DialogHeader>
            <DialogTitle>Suspend {team.name}?</DialogTitle>
            <DialogDescription>
              Every key of the team answers <span className="font-mono">TEAM_SUSPENDED</span> from the next request on. Members can still sign in and see
              their data. You can resume the team at any time.
            </DialogDescription>
          </DialogHeader>
          <FormField label="Reason" htmlFor="suspend-reason" error={error} hint="Kept in the operator audit log.">
            <Input
              id="suspend-reason"
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              maxLength={200}
              autoComplete="off"
              placeholder="e.g. Unpaid invoices"
              aria-invalid={!!error || undefined}
              aria-describedby={fieldDescribedBy("suspend-reason", { error, hint: true })}
              autoFocus
            />
          </FormField>
          {suspend.formError && (
            <p role="alert" className="text-sm font-medium text-destructive">
              {suspend.formError}
            </p>
          )}
          <DialogFooter>
            <DialogClose asChild>
              <Button variant="outline" disabled={suspend.pending}>
                Cancel
              </Button>
            </DialogClose>
            <Button type="submit" variant="destructive" loading={suspend.pending}>
              Suspend team
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
