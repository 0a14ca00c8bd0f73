"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { FormAlert } from "@/components/auth/form-alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { fieldDescribedBy, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { useAction } from "@/components/ui/use-action";
import { cancelEmailChange, changeEmail } from "@/lib/actions/account/email";
import { formatDateTime } from "@/lib/format-time";
import { ResendVerificationButton } from "./resend-verification-button";

type Props = {
  email: string;
  confirmed: boolean;
  /** The install asks for confirmed addresses (keys need one). */
  required: boolean;
  /** False for a single-sign-on account: no password to ask for. */
  hasPassword: boolean;
  pending: { newEmail: string; expiresAt: Date } | null;
};

/** The account's address: whether it is confirmed, a change waiting for its link, and the form to change it. */
export function EmailCard({ email, confirmed, required, hasPassword, pending }: Props) {
  const router = useRouter();
  const [values, setValues] = useState({ newEmail: "", password: "" });
  const change = useAction(changeEmail, {
    onSuccess: () => {
      setValues({ newEmail: "", password: "" });
      router.refresh();
    },
  });
  const cancel = useAction(cancelEmailChange, { onSuccess: () => router.refresh() });
  const { fieldErrors, formError } = change;
  const set = (field: keyof typeof values) => (e: React.ChangeEvent<HTMLInputElement>) => setValues((v) => ({ ...v, [field]: e.target.value }));

  return (
    <Card role="region" aria-labelledby="email-card-title">
      <CardHeader>
        <CardTitle id="email-card-title">Email address</CardTitle>
        <CardDescription>Where Gatehouse sends password resets, invitations and alerts, and the address you sign in with.</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-5">
        <div className="grid gap-2 rounded-md border bg-muted/40 px-4 py-3">
          <p className="flex flex-wrap items-center gap-2 text-sm">
            <span className="font-medium [overflow-wrap:anywhere]" data-testid="current-email">
              {email}
            </span>
            {confirmed ? <Badge variant="success">Confirmed</Badge> : <Badge variant="warning">Not confirmed</Badge>}
          </p>
          {!confirmed && (
            <div className="flex flex-wrap items-center justify-between gap-2">
              <p className="text-xs text-muted-foreground">
                {required ? "Open the link we sent to this address to confirm it; until then you can't create API keys." : "Open the link we sent to this address to confirm it."}
              </p>
              <ResendVerificationButton variant="outline" size="sm">
                Resend link
              </ResendVerificationButton>
            </div>
          )}
          {pending && (
            <div className="flex flex-wrap items-center justify-between gap-2 border-t pt-2" data-testid="pending-email-change">
              <p className="min-w-0 text-xs text-muted-foreground [overflow-wrap:anywhere]">
                Changing to <span className="font-medium text-foreground">{pending.newEmail}</span>: open the link sent there before{" "}
                <time dateTime={pending.expiresAt.toISOString()}>{formatDateTime(pending.expiresAt)}</time>.
              </p>
              <Button variant="ghost" size="sm" loading={cancel.pending} onClick={() => void cancel.execute({})}>
                Cancel change
              </Button>
            </div>
          )}
        </div>
        <form
          ref={change.formRef}
          noValidate
          className="grid gap-5"
          onSubmit={(event) => {
            event.preventDefault();
            void change.execute(hasPassword ? values : { newEmail: values.newEmail });
          }}
        >
          {formError && <FormAlert>{formError}</FormAlert>}
          <FormField label="New email address" htmlFor="new-email" error={fieldErrors.newEmail} hint={fieldErrors.newEmail ? undefined : "We send a link there; the change happens when you open it."}>
            <Input
              id="new-email"
              name="newEmail"
              type="email"
              autoComplete="email"
              value={values.newEmail}
              onChange={set("newEmail")}
              aria-invalid={!!fieldErrors.newEmail || undefined}
              aria-describedby={fieldDescribedBy("new-email", { error: fieldErrors.newEmail, hint: !fieldErrors.newEmail })}
            />
          </FormField>
          {hasPassword && (
            <FormField label="Your password" htmlFor="email-password" error={fieldErrors.password}>
              <Input
                id="email-password"
                name="password"
                type="password"
                autoComplete="current-password"
                value={values.password}
                onChange={set("password")}
                aria-invalid={!!fieldErrors.password || undefined}
                aria-describedby={fieldDescribedBy("email-password", { error: fieldErrors.password })}
              />
            </FormField>
          )}
          <div className="flex justify-end">
            <Button type="submit" loading={change.pending} disabled={!values.newEmail.trim()}>
              Send confirmation link
            </Button>
          </div>
        </form>
      </CardContent>
    </Card>
  );
}
