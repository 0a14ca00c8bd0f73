"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useHydrated } from "@/components/shell/use-hydrated";
import { Button } from "@/components/ui/button";
import { fieldDescribedBy, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { signInSchema } from "@/lib/auth/schemas";
import { FormAlert } from "./form-alert";

type Fields = "email" | "password";

export function SignInForm({ defaultEmail, callbackUrl }: { defaultEmail: string; callbackUrl: string }) {
  const router = useRouter();
  const hydrated = useHydrated();
  const [email, setEmail] = useState(defaultEmail);
  const [password, setPassword] = useState("");
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<Fields, string>>>({});

  async function handleSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    const parsed = signInSchema.safeParse({ email, password });
    if (!parsed.success) {
      const errors: Partial<Record<Fields, string>> = {};
      for (const issue of parsed.error.issues) errors[issue.path[0] as Fields] ??= issue.message;
      setFieldErrors(errors);
      return;
    }
    setFieldErrors({});
    setPending(true);
    try {
      const result = await signIn("credentials", { ...parsed.data, redirect: false });
      if (!result || result.error) {
        setError(result?.error ?? "Could not sign in. Please try again.");
        setPending(false);
        return;
      }
      // Stay "pending" while the next page loads, so the button can't be pressed twice.
      router.replace(callbackUrl);
      router.refresh();
    } catch {
      setError("Could not reach the server. Check your connection and try again.");
      setPending(false);
    }
  }

  return (
    <form onSubmit={handleSubmit} noValidate className="grid gap-4">
      {error && <FormAlert>{error}</FormAlert>}
      <FormField label="Email" htmlFor="email" error={fieldErrors.email}>
        <Input
          id="email"
          name="email"
          type="email"
          autoComplete="email"
          autoFocus={!defaultEmail}
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          aria-invalid={!!fieldErrors.email || undefined}
          aria-describedby={fieldDescribedBy("email", { error: fieldErrors.email })}
        />
      </FormField>
      <FormField label="Password" htmlFor="password" error={fieldErrors.password}>
        <Input
          id="password"
          name="password"
          type="password"
          autoComplete="current-password"
          autoFocus={!!defaultEmail}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          aria-invalid={!!fieldErrors.password || undefined}
          aria-describedby={fieldDescribedBy("password", { error: fieldErrors.password })}
        />
      </FormField>
      <Button type="submit" loading={pending} disabled={!hydrated} className="w-full">
        Sign in
      </Button>
    </form>
  );
}
