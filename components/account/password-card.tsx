"use client";

import { signOut } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { FormAlert } from "@/components/auth/form-alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { fieldDescribedBy, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { useAction } from "@/components/ui/use-action";
import { changePassword, setPassword } from "@/lib/actions/account/profile";
import { authPageHref } from "@/lib/auth/callback-url";

type Props = {
  email: string;
  /** False for an account that signs in only with single sign-on: it sets a first password instead. */
  hasPassword: boolean;
  /** This browser signed in within the last 15 minutes (needed to set a first password). */
  signedInRecently: boolean;
};

export function PasswordCard({ email, hasPassword, signedInRecently }: Props) {
  return (
    <Card data-testid="password-card">
      <CardHeader>
        <CardTitle>{hasPassword ? "Password" : "Set a password"}</CardTitle>
        <CardDescription>
          {hasPassword
            ? "Changing your password signs out every other browser signed in to your account. This one stays signed in."
            : "You sign in with single sign-on. A password lets you sign in with your email address too."}
        </CardDescription>
      </CardHeader>
      <CardContent>{hasPassword ? <ChangePasswordForm email={email} /> : <SetPasswordForm email={email} signedInRecently={signedInRecently} />}</CardContent>
    </Card>
  );
}

/** Password managers match the password to this account by a username field in the same form. */
function UsernameForManagers({ email }: { email: string }) {
  return <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />;
}

function ChangePasswordForm({ email }: { email: string }) {
  const router = useRouter();
  const [values, setValues] = useState({ currentPassword: "", newPassword: "" });
  const change = useAction(changePassword, {
    onSuccess: () => {
      setValues({ currentPassword: "", newPassword: "" });
      // The sessions list below has just lost the other browsers.
      router.refresh();
    },
  });
  const { pending, fieldErrors, formError } = change;
  const set = (field: keyof typeof values) => (e: React.ChangeEvent<HTMLInputElement>) => setValues((v) => ({ ...v, [field]: e.target.value }));
  const newHint = fieldErrors.newPassword ? undefined : "At least 10 characters.";

  return (
    <form
      ref={change.formRef}
      noValidate
      className="grid gap-5"
      onSubmit={(event) => {
        event.preventDefault();
        void change.execute(values);
      }}
    >
      {formError && <FormAlert>{formError}</FormAlert>}
      <UsernameForManagers email={email} />
      <FormField label="Current password" htmlFor="current-password" error={fieldErrors.currentPassword}>
        <Input
          id="current-password"
          name="currentPassword"
          type="password"
          autoComplete="current-password"
          value={values.currentPassword}
          onChange={set("currentPassword")}
          aria-invalid={!!fieldErrors.currentPassword || undefined}
          aria-describedby={fieldDescribedBy("current-password", { error: fieldErrors.currentPassword })}
        />
      </FormField>
      <FormField label="New password" htmlFor="new-password" error={fieldErrors.newPassword} hint={newHint}>
        <Input
          id="new-password"
          name="newPassword"
          type="password"
          autoComplete="new-password"
          value={values.newPassword}
          onChange={set("newPassword")}
          aria-invalid={!!fieldErrors.newPassword || undefined}
          aria-describedby={fieldDescribedBy("new-password", { error: fieldErrors.newPassword, hint: newHint })}
        />
      </FormField>
      <div className="flex justify-end">
        <Button type="submit" loading={pending} disabled={!values.currentPassword || !values.newPassword}>
          Change password
        </Button>
      </div>
    </form>
  );
}

export function SignInAgain({ message }: { message: string }) {
  const [leaving, setLeaving] = useState(false);
  return (
    <div className="grid gap-3">
      <p className="text-sm text-muted-foreground">{message}</p>
      <div className="flex justify-end">
        <Button
          variant="outline"
          loading={leaving}
          onClick={() => {
            setLeaving(true);
            void signOut({ callbackUrl: authPageHref("/sign-in", { callbackUrl: "/account" }) });
          }}
        >
          Sign in again
        </Button>
      </div>
    </div>
  );
}

function SetPasswordForm({ email, signedInRecently }: { email: string; signedInRecently: boolean }) {
  const router = useRouter();
  const [newPassword, setNewPassword] = useState("");
  const [stale, setStale] = useState(!signedInRecently);
  const set = useAction(setPassword, {
    onSuccess: () => {
      setNewPassword("");
      router.refresh();
    },
    onError: (failure) => setStale(failure.code === "FORBIDDEN"),
  });
  const { pending, fieldErrors, formError } = set;
  const hint = fieldErrors.newPassword ? undefined : "At least 10 characters.";

  if (stale) {
    return <SignInAgain message="For your security, setting a password needs a sign-in from the last 15 minutes. Sign in again with single sign-on, then come back here." />;
  }
  return (
    <form
      ref={set.formRef}
      noValidate
      className="grid gap-5"
      onSubmit={(event) => {
        event.preventDefault();
        void set.execute({ newPassword });
      }}
    >
      {formError && <FormAlert>{formError}</FormAlert>}
      <UsernameForManagers email={email} />
      <FormField label="New password" htmlFor="set-password" error={fieldErrors.newPassword} hint={hint}>
        <Input
          id="set-password"
          name="newPassword"
          type="password"
          autoComplete="new-password"
          value={newPassword}
          onChange={(e) => setNewPassword(e.target.value)}
          aria-invalid={!!fieldErrors.newPassword || undefined}
          aria-describedby={fieldDescribedBy("set-password", { error: fieldErrors.newPassword, hint })}
        />
      </FormField>
      <div className="flex justify-end">
        <Button type="submit" loading={pending} disabled={!newPassword}>
          Set password
        </Button>
      </div>
    </form>
  );
}
