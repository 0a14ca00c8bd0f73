"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { useAction } from "@/components/ui/use-action";
import { setKeyPolicy } from "@/lib/actions/policy/set-key-policy";
import type { KeyPolicyView } from "@/lib/policy/key-policy";
import { draftFrom, policyInputFrom, type PolicyDraft } from "./policy-draft";
import { PolicyFields } from "./policy-fields";

type Props = { teamId: string; keyName: string; view: KeyPolicyView };

export function EditPolicyDialog({ teamId, keyName, view }: Props) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState<PolicyDraft>(() => draftFrom(view.policy));
  const save = useAction(setKeyPolicy, {
    onSuccess: () => {
      setOpen(false);
      router.refresh();
    },
  });

  function handleOpenChange(next: boolean) {
    if (save.pending) return;
    if (next) {
      // Start from what is saved now, not from an earlier, abandoned edit.
      setDraft(draftFrom(view.policy));
      save.reset();
    }
    setOpen(next);
  }

  function handleSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void save.execute({ teamId, keyId: view.keyId, policy: policyInputFrom(draft) });
  }

  return (
    <Dialog open={open} onOpenChange={handleOpenChange}>
      <DialogTrigger asChild>
        <Button variant="outline" size="sm">
          Edit policy
        </Button>
      </DialogTrigger>
      <DialogContent showCloseButton={!save.pending} className="max-w-xl">
        <form ref={save.formRef} onSubmit={handleSubmit} noValidate className="grid gap-5">
          <DialogHeader>
            <DialogTitle>Edit policy</DialogTitle>
            <DialogDescription>
              What {keyName} may use. Changes apply to the next request; the team&apos;s limits apply on top.
            </DialogDescription>
          </DialogHeader>
          <PolicyFields draft={draft} onChange={setDraft} models={view.models} ceiling={view.ceiling} errors={save.fieldErrors} disabled={save.pending} />
          {save.formError && (
            <p role="alert" className="text-sm font-medium text-destructive">
              {save.formError}
            </p>
          )}
          <DialogFooter>
            <DialogClose asChild>
              <Button variant="outline" disabled={save.pending}>
                Cancel
              </Button>
            </DialogClose>
            <Button type="submit" loading={save.pending}>
              Save policy
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
