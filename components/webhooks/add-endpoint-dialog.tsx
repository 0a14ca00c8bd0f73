"use client";

import { useId, useState } from "react";
import { SecretReveal } from "@/components/keys/secret-reveal";
import { UnsavedSecretQuestion, useUnsavedSecretGuard } from "@/components/keys/unsaved-secret-question";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { useAction } from "@/components/ui/use-action";
import { createWebhookEndpoint } from "@/lib/actions/webhooks/create-webhook-endpoint";
import { checkDraft, EndpointFields, useDraftErrors, type EndpointDraft } from "./endpoint-fields";

const EMPTY: EndpointDraft = { url: "", description: "", events: { all: true, selected: [] } };

export type AddEndpointDialogProps = {
  teamId: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onCloseAutoFocus?: (event: Event) => void;
};

/** URL, description, events and enabled; then the signing secret, once, guarded against closing before it was copied. */
export function AddEndpointDialog({ teamId, open, onOpenChange, onCloseAutoFocus }: AddEndpointDialogProps) {
  const id = useId();
  const [draft, setDraft] = useState<EndpointDraft>(EMPTY);
  const [enabled, setEnabled] = useState(true);
  const [created, setCreated] = useState<{ secret: string; url: string } | null>(null);
  const create = useAction(createWebhookEndpoint, {
    onSuccess: (data) => setCreated({ secret: data.secret, url: data.endpoint.url }),
  });
  const guard = useUnsavedSecretGuard(close);
  const local = useDraftErrors(create.formRef);
  const pending = create.pending;

  function close() {
    onOpenChange(false);
    // Forget the secret as soon as the dialog closes: it must not be shown twice.
    setDraft(EMPTY);
    setEnabled(true);
    local.clear();
    setCreated(null);
    create.reset();
    guard.reset();
  }

  function handleOpenChange(next: boolean) {
    if (next) onOpenChange(true);
    else if (pending) return;
    else if (created) guard.requestClose();
    else close();
  }

  function handleSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const { errors, events } = checkDraft(draft);
    local.show(errors);
    if (!events || Object.keys(errors).length > 0) return;
    void create.execute({ teamId, url: draft.url, description: draft.description, events, enabled });
  }

  return (
    <Dialog open={open} onOpenChange={handleOpenChange}>
      <DialogContent role={guard.asking ? "alertdialog" : "dialog"} showCloseButton={!pending} onCloseAutoFocus={onCloseAutoFocus}>
        {created && guard.asking ? (
          <UnsavedSecretQuestion
            noun="signing secret"
            keyName={created.url}
            onStay={guard.stay}
            onConfirm={guard.confirmClose}
            whenLost="if it isn't saved somewhere, you will have to rotate the endpoint's signing secret to get a new one."
          />
        ) : created ? (
          <SecretReveal noun="signing secret" secret={created.secret} keyName={created.url} onCopied={guard.markCopied} onDone={guard.requestClose}>
            <p className="text-sm text-muted-foreground">
              This is the endpoint&apos;s signing secret: your receiver verifies each request&apos;s <code className="font-mono text-xs">webhook-signature</code>{" "}
              with it (any Standard Webhooks library does). Then open the endpoint and send it a test event.
            </p>
          </SecretReveal>
        ) : (
          <form ref={create.formRef} onSubmit={handleSubmit} className="grid gap-5" noValidate>
            <DialogHeader>
              <DialogTitle>Add endpoint</DialogTitle>
              <DialogDescription>Where Gatehouse sends this team&apos;s events. The signing secret is shown once, right after you add it.</DialogDescription>
            </DialogHeader>

            <EndpointFields id={id} draft={draft} onChange={setDraft} errors={{ ...create.fieldErrors, ...local.errors }} autoFocus />

            <label className="flex cursor-pointer items-start gap-3 text-sm">
              <input type="checkbox" className="mt-0.5 size-4 shrink-0 accent-(--primary)" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
              <span className="grid gap-0.5">
                <span className="font-medium">Enabled</span>
                <span className="text-xs text-muted-foreground">Send events as soon as it is added. Leave off to set up the receiver first.</span>
              </span>
            </label>

            {create.formError && (
              <p role="alert" className="text-sm font-medium text-destructive">
                {create.formError}
              </p>
            )}

            <DialogFooter>
              <DialogClose asChild>
                <Button variant="outline" disabled={pending}>
                  Cancel
                </Button>
              </DialogClose>
              <Button type="submit" loading={pending}>
                Add endpoint
              </Button>
            </DialogFooter>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}
