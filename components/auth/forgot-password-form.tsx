"use client";

import { MailCheck } from "lucide-react";
import { useState } from "react";
import { useHydrated } from "@/components/shell/use-hydrated";
import { Button } from "@/components/ui/button";
import { fieldDescribedBy, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { useAction } from "@/components/ui/use-action";
import { forgotPassword } from "@/lib/actions/auth/password-reset";
import { emailSchema } from "@/lib/auth/schemas";
import { FormAlert } from "./form-alert";

export function ForgotPasswordForm({ defaultEmail }: { defaultEmail: string }) {
  const hydrated = useHydrated();
  const [email, setEmail] = useState(defaultEmail);
  const [clientError, setClientError] = useState<string | null>(null);
  const [sent, setSent] = useState<{ message: string } | null>(null);
  const request = useAction(forgotPassword, {
    successToast: false,
    errorToast: false,
    onSuccess: (_data, result) => setSent({ message: result.message ?? "" }),
  });
  const error = clientError ?? request.fieldErrors.email;

  if (sent) {
    return (
      <div className="grid gap-4">
        <div role="status" className="flex items-start gap-3 rounded-md border bg-muted/40 px-3 py-3 text-sm">
          <MailCheck aria-hidden className="mt-0.5 size-4 shrink-0 text-primary" />
          <p>{sent.message}</p>
        </div>
        <p className="text-sm text-muted-foreground">
          Nothing after a few minutes? Check your spam folder, or{" "}
          <button type="button" className="font-medium text-primary underline-offset-4 hover:underline dark:text-ring" onClick={() => setSent(null)}>
            try another address
          </button>
          .
        </p>
      </div>
    );
  }

  function handleSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = emailSchema.safeParse(email);
    if (!parsed.success) {
      setClientError(parsed.error.issues[0]?.message ?? "Enter a valid email address.");
      request.reset();
      requestAnimationFrame(() => request.formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
      return;
    }
    setClientError(null);
    void request.execute({ email: parsed.data });
  }

  return (
    <form ref={request.formRef} onSubmit={handleSubmit} noValidate className="grid gap-4">
      {request.formError && <FormAlert>{request.formError}</FormAlert>}
      <FormField label="Email" htmlFor="email" error={error}>
        <Input
          id="email"
          name="email"
          type="email"
          autoComplete="email"
          autoFocus
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          aria-invalid={!!error || undefined}
          aria-describedby={fieldDescribedBy("email", { error })}
        />
      </FormField>
      <Button type="submit" loading={request.pending} disabled={!hydrated} className="w-full">
        Send reset link
      </Button>
    </form>
  );
}
