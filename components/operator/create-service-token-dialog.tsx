"use client";

import { Plus } from "lucide-react";
import { useState } from "react";
import { SecretReveal } from "@/components/keys/secret-reveal";
import { useUnsavedSecretGuard } from "@/components/keys/unsaved-secret-question";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { fieldDescribedBy, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { useAction } from "@/components/ui/use-action";
import { createServiceToken } from "@/lib/actions/operator/create-service-token";

/** Creates a token and shows its secret exactly once; closing without copying asks first. */
export function CreateServiceTokenDialog() {
  const [open, setOpen] = useState(false);
  const [name, setName] = useState("");
  const [created, setCreated] = useState<{ secret: string; name: string } | null>(null);
  const create = useAction(createServiceToken, { onSuccess: (data) => setCreated({ secret: data.secret, name: data.token.name }) });
  const guard = useUnsavedSecretGuard(close);
  const error = create.fieldErrors.name;

  function close() {
    setOpen(false);
    // Forget the secret as soon as the dialog closes: it must not be shown twice.
    setName("");
    setCreated(null);
    create.reset();
    guard.reset();
  }

  function handleOpenChange(next: boolean) {
    if (next) setOpen(true);
    else if (create.pending) return;
    else if (created) guard.requestClose();
    else close();
  }

  return (
    <Dialog open={open} onOpenChange={handleOpenChange}>
      <Button onClick={() => setOpen(true)}>
        <Plus aria-hidden />
        Create token
      </Button>
      <DialogContent role={guard.asking ? "alertdialog" : "dialog"} showCloseButton={!create.pending}>
        {created && guard.asking ? (
          <>
            <DialogHeader>
              <DialogTitle>Close without copying the token?</DialogTitle>
              <DialogDescription>
                You haven&apos;t copied the secret of <span className="font-medium break-words text-foreground">{created.name}</span>. It is shown only once: if
                it isn&apos;t saved somewhere, revoke this token and create another.
              </DialogDescription>
            </DialogHeader>
            <DialogFooter>
              <Button variant="outline" onClick={guard.confirmClose}>
                I have saved it
              </Button>
              <Button onClick={guard.stay} autoFocus>
                Back to the token
              </Button>
            </DialogFooter>
          </>
        ) : created ? (
          <SecretReveal secret={created.secret} keyName={created.name} onCopied={guard.markCopied} onDone={guard.requestClose}>
            <p className="text-sm text-muted-foreground">
              Your backend sends it as <span className="font-mono break-all">Authorization: Bearer gks_…</span> on every <span className="font-mono">/api/v1</span> call.
            </p>
          </SecretReveal>
        ) : (
          <form
            ref={create.formRef}
            noValidate
            className="grid gap-5"
            onSubmit={(event) => {
              event.preventDefault();
              void create.execute({ name });
            }}
          >
            <DialogHeader>
              <DialogTitle>Create a service token</DialogTitle>
              <DialogDescription>For your backend to call the verification and usage API. The secret is shown once, right after you create it.</DialogDescription>
            </DialogHeader>
            <FormField label="Name" htmlFor="service-token-name" error={error} hint="Which system uses it, e.g. Gateway eu-west.">
              <Input
                id="service-token-name"
                value={name}
                onChange={(e) => setName(e.target.value)}
                maxLength={100}
                autoComplete="off"
                aria-invalid={!!error || undefined}
                aria-describedby={fieldDescribedBy("service-token-name", { error, hint: true })}
                autoFocus
              />
            </FormField>
            {create.formError && (
              <p role="alert" className="text-sm font-medium text-destructive">
                {create.formError}
              </p>
            )}
            <DialogFooter>
              <DialogClose asChild>
                <Button variant="outline" disabled={create.pending}>
                  Cancel
                </Button>
              </DialogClose>
              <Button type="submit" loading={create.pending}>
                Create token
              </Button>
            </DialogFooter>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}
