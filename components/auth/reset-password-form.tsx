"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useHydrated } from "@/components/shell/use-hydrated";
import { Button } from "@/components/ui/button";
import { fieldDescribedBy, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { toast } from "@/components/ui/toast";
import { useAction } from "@/components/ui/use-action";
import { resetPassword } from "@/lib/actions/auth/password-reset";
import { authPageHref } from "@/lib/auth/callback-url";
import { signUpSchema } from "@/lib/auth/schemas";
import { FormAlert } from "./form-alert";

const passwordSchema = signUpSchema.shape.password;

export function ResetPasswordForm({ token, email }: { token: string; email: string }) {
  const router = useRouter();
  const hydrated = useHydrated();
  const [password, setPassword] = useState("");
  const [clientError, setClientError] = useState<string | null>(null);
  const [linkDead, setLinkDead] = useState(false);
  const reset = useAction(resetPassword, {
    successToast: false,
    errorToast: false,
    keepPendingOnSuccess: true,
    onError: (failure) => setLinkDead(failure.code === "NOT_FOUND"),
    onSuccess: (data, result) => {
      toast.success(result.message ?? "Your password was reset.");
      router.replace(authPageHref("/sign-in", { email: data.email }));
      router.refresh();
    },
  });
  const error = clientError ?? reset.fieldErrors.password;

  function handleSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = passwordSchema.safeParse(password);
    if (!parsed.success) {
      setClientError(parsed.error.issues[0]?.message ?? "Choose another password.");
      reset.reset();
      requestAnimationFrame(() => reset.formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
      return;
    }
    setClientError(null);
    void reset.execute({ token, password: parsed.data });
  }

  return (
    <form ref={reset.formRef} onSubmit={handleSubmit} noValidate className="grid gap-4">
      {reset.formError && (
        <FormAlert>
          {reset.formError}
          {linkDead && (
            <>
              {" "}
              <Link href="/forgot-password" className="underline">
                Ask for a new link
              </Link>
            </>
          )}
        </FormAlert>
      )}
      {/* For password managers: which account the new password belongs to. */}
      <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
      <FormField label="New password" htmlFor="password" error={error} hint={error ? undefined : "At least 10 characters."}>
        <Input
          id="password"
          name="password"
          type="password"
          autoComplete="new-password"
          autoFocus
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          aria-invalid={!!error || undefined}
          aria-describedby={fieldDescribedBy("password", { error, hint: !error })}
        />
      </FormField>
      <Button type="submit" loading={reset.pending} disabled={!hydrated} className="w-full">
        Set new password
      </Button>
    </form>
  );
}
