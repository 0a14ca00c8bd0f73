"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { useUnsavedSecretGuard } from "@/components/keys/unsaved-secret-question";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { fieldDescribedBy, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { useAction } from "@/components/ui/use-action";
import { makeNewRecoveryCodes, turnOffTwoFactor } from "@/lib/actions/account/two-factor";
import { RecoveryCodesReveal, UnsavedCodesQuestion } from "./recovery-codes";

const COPY = {
  disable: {
    title: "Turn off two-factor authentication?",
    description: "Signing in will ask only for your password again. Your recovery codes stop working.",
    confirm: "Turn off",
  },
  regenerate: {
    title: "Make new recovery codes?",
    description: "You get ten new codes; the ones you have now stop working at once.",
    confirm: "Make new codes",
  },
} as const;

type Props = {
  mode: keyof typeof COPY;
  email: string;
  /** False for single-sign-on-only accounts: only a code is asked for. */
  hasPassword: boolean;
  trigger: React.ReactElement;
};

/** Turning two-factor off, or making new recovery codes: both ask for the password and a current code. */
export function TwoFactorConfirmDialog({ mode, email, hasPassword, trigger }: Props) {
  const router = useRouter();
  const copy = COPY[mode];
  const [open, setOpen] = useState(false);
  const [values, setValues] = useState({ password: "", code: "" });
  const [codes, setCodes] = useState<string[] | null>(null);
  const action = useAction(mode === "disable" ? turnOffTwoFactor : makeNewRecoveryCodes, {
    onSuccess: (data) => {
      if (data && "recoveryCodes" in data) setCodes(data.recoveryCodes);
      else close();
    },
  });
  const guard = useUnsavedSecretGuard(close);
  const { pending, fieldErrors, formError } = action;

  function close() {
    setOpen(false);
    setValues({ password: "", code: "" });
    setCodes(null);
    action.reset();
    guard.reset();
    router.refresh();
  }

  function handleOpenChange(next: boolean) {
    if (next) setOpen(true);
    else if (pending) return;
    else if (codes) guard.requestClose();
    else {
      setOpen(false);
      setValues({ password: "", code: "" });
      action.reset();
    }
  }

  const set = (field: keyof typeof values) => (e: React.ChangeEvent<HTMLInputElement>) => setValues((v) => ({ ...v, [field]: e.target.value }));
  const codeId = `two-factor-${mode}-code`;
  const passwordId = `two-factor-${mode}-password`;

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
            ref={action.formRef}
            noValidate
            className="grid gap-5"
            onSubmit={(event) => {
              event.preventDefault();
              void action.execute(hasPassword ? values : { code: values.code });
            }}
          >
            <DialogHeader>
              <DialogTitle>{copy.title}</DialogTitle>
              <DialogDescription>{copy.description}</DialogDescription>
            </DialogHeader>
            <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
            {hasPassword && (
              <FormField label="Password" htmlFor={passwordId} error={fieldErrors.password}>
                <Input
                  id={passwordId}
                  name="password"
                  type="password"
                  autoComplete="current-password"
                  autoFocus
                  value={values.password}
                  onChange={set("password")}
                  aria-invalid={!!fieldErrors.password || undefined}
                  aria-describedby={fieldDescribedBy(passwordId, { error: fieldErrors.password })}
                />
              </FormField>
            )}
            <FormField label="Code from your app, or a recovery code" htmlFor={codeId} error={fieldErrors.code}>
              <Input
                id={codeId}
                name="code"
                autoComplete="one-time-code"
                autoCapitalize="off"
                spellCheck={false}
                autoFocus={!hasPassword}
                maxLength={20}
                value={values.code}
                onChange={set("code")}
                aria-invalid={!!fieldErrors.code || undefined}
                aria-describedby={fieldDescribedBy(codeId, { error: fieldErrors.code })}
                className="font-mono tracking-wider"
              />
            </FormField>
            {formError && !fieldErrors.code && !fieldErrors.password && (
              <p role="alert" className="text-sm font-medium text-destructive">
                {formError}
              </p>
            )}
            <DialogFooter>
              <DialogClose asChild>
                <Button variant="outline" disabled={pending}>
                  Cancel
                </Button>
              </DialogClose>
              <Button type="submit" variant={mode === "disable" ? "destructive" : "default"} loading={pending} disabled={(hasPassword && !values.password) || !values.code.trim()}>
                {copy.confirm}
              </Button>
            </DialogFooter>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}
