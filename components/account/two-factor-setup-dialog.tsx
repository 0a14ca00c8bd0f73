"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { useUnsavedSecretGuard } from "@/components/keys/unsaved-secret-question";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { fieldDescribedBy, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Spinner } from "@/components/ui/spinner";
import { useAction } from "@/components/ui/use-action";
import { beginTwoFactorSetup, confirmTwoFactor } from "@/lib/actions/account/two-factor";
import { RecoveryCodesReveal, UnsavedCodesQuestion } from "./recovery-codes";

type Setup = { setupToken: string; secret: string; otpauthUri: string; qrDataUrl: string };

/**
 * "Turn on two-factor": a new secret as a QR code and as text, a code from
 * the app to confirm it, then the ten recovery codes, shown once (closing
 * before they were copied or downloaded asks first).
 */
export function TwoFactorSetupDialog({ email, trigger }: { email: string; trigger: React.ReactElement }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [setup, setSetup] = useState<Setup | null>(null);
  const [code, setCode] = useState("");
  const [codes, setCodes] = useState<string[] | null>(null);
  const begin = useAction(beginTwoFactorSetup, { onSuccess: (data) => setSetup(data), successToast: false });
  const confirm = useAction(confirmTwoFactor, { onSuccess: (data) => setCodes(data.recoveryCodes) });
  const guard = useUnsavedSecretGuard(close);
  const pending = begin.pending || confirm.pending;

  function close() {
    setOpen(false);
    const enabled = codes !== null;
    // Forget the secret and the codes as soon as the dialog closes: they must not be shown twice.
    setSetup(null);
    setCode("");
    setCodes(null);
    begin.reset();
    confirm.reset();
    guard.reset();
    if (enabled) router.refresh();
  }

  function handleOpenChange(next: boolean) {
    if (next) {
      setOpen(true);
      void begin.execute({});
    } else if (pending) return;
    else if (codes) guard.requestClose();
    else close();
  }

  return (
    <Dialog open={open} onOpenChange={handleOpenChange}>
      <DialogTrigger asChild>{trigger}</DialogTrigger>
      <DialogContent role={guard.asking ? "alertdialog" : "dialog"} showCloseButton={!pending}>
        {codes && guard.asking ? (
          <UnsavedCodesQuestion onStay={guard.stay} onConfirm={guard.confirmClose} />
        ) : codes ? (
          <RecoveryCodesReveal email={email} codes={codes} onSaved={guard.markCopied} onDone={guard.requestClose} />
        ) : (
          <form
            ref={confirm.formRef}
            noValidate
            className="grid gap-5"
            onSubmit={(event) => {
              event.preventDefault();
              if (setup) void confirm.execute({ setupToken: setup.setupToken, code });
            }}
          >
            <DialogHeader>
              <DialogTitle>Turn on two-factor authentication</DialogTitle>
              <DialogDescription>
                Use an authenticator app such as 1Password, Google Authenticator, Microsoft Authenticator or Authy.
              </DialogDescription>
            </DialogHeader>

            {!setup ? (
              <div className="flex min-h-40 items-center justify-center text-sm text-muted-foreground">
                {begin.formError ? <p role="alert" className="text-destructive">{begin.formError}</p> : <Spinner aria-label="Making a secret" />}
              </div>
            ) : (
              <>
                <div className="grid gap-3">
                  <p className="text-sm font-medium">1. Scan this QR code with the app</p>
                  <img
                    src={setup.qrDataUrl}
                    alt="QR code that adds Gatehouse to your authenticator app"
                    width={176}
                    height={176}
                    className="size-44 justify-self-center rounded-md border bg-white sm:justify-self-start"
                  />
                  <p className="text-sm text-muted-foreground">Can&apos;t scan it? Enter this key in the app instead:</p>
                  <div className="flex items-center gap-2 rounded-md border bg-muted/50 p-2 pl-3">
                    <code data-testid="totp-secret" aria-label="Two-factor secret key" className="min-w-0 flex-1 font-mono text-sm break-words select-all">
                      {setup.secret}
                    </code>
                    <CopyButton value={setup.secret.replace(/\s/g, "")} label="Copy key" variant="outline" />
                  </div>
                </div>
                <FormField label="2. Enter the 6-digit code the app shows" htmlFor="totp-setup-code" error={confirm.fieldErrors.code}>
                  <Input
                    id="totp-setup-code"
                    name="code"
                    inputMode="numeric"
                    autoComplete="one-time-code"
                    maxLength={7}
                    placeholder="123456"
                    value={code}
                    onChange={(e) => setCode(e.target.value)}
                    aria-invalid={!!confirm.fieldErrors.code || undefined}
                    aria-describedby={fieldDescribedBy("totp-setup-code", { error: confirm.fieldErrors.code })}
                    className="font-mono tracking-wider sm:max-w-40"
                  />
                </FormField>
                {confirm.formError && !confirm.fieldErrors.code && (
                  <p role="alert" className="text-sm font-medium text-destructive">
                    {confirm.formError}
                  </p>
                )}
              </>
            )}

            <DialogFooter>
              <DialogClose asChild>
                <Button variant="outline" disabled={pending}>
                  Cancel
                </Button>
              </DialogClose>
              <Button type="submit" loading={confirm.pending} disabled={!setup || begin.pending}>
                Turn on
              </Button>
            </DialogFooter>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}
