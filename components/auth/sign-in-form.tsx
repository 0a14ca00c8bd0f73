"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useHydrated } from "@/components/shell/use-hydrated";
import { Button } from "@/components/ui/button";
import { fieldDescribedBy, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { signInSchema } from "@/lib/auth/schemas";
import { TWO_FACTOR_REQUIRED, WRONG_CODE } from "@/lib/auth/two-factor/constants";
import { FormAlert } from "./form-alert";

type Fields = "email" | "password" | "code";

export function SignInForm({ defaultEmail, callbackUrl }: { defaultEmail: string; callbackUrl: string }) {
  const router = useRouter();
  const hydrated = useHydrated();
  const [email, setEmail] = useState(defaultEmail);
  const [password, setPassword] = useState("");
  // After a right password, accounts with two-factor are asked for a code; email and password are sent again with it.
  const [step, setStep] = useState<"password" | "code">("password");
  const [useRecoveryCode, setUseRecoveryCode] = useState(false);
  const [code, setCode] = useState("");
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<Fields, string>>>({});

  function startOver() {
    setStep("password");
    setPassword("");
    setCode("");
    setUseRecoveryCode(false);
    setError(null);
    setFieldErrors({});
  }

  async function handleSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    const parsed = signInSchema.safeParse({ email, password });
    if (!parsed.success) {
      const errors: Partial<Record<Fields, string>> = {};
      for (const issue of parsed.error.issues) errors[issue.path[0] as Fields] ??= issue.message;
      setFieldErrors(errors);
      if (step === "code") setStep("password");
      return;
    }
    const typedCode = code.replace(/\s/g, "");
    if (step === "code") {
      const problem = useRecoveryCode
        ? !typedCode && "Enter one of your recovery codes."
        : !/^\d{6}$/.test(typedCode) && "Enter the 6-digit code from your authenticator app.";
      if (problem) {
        setFieldErrors({ code: problem });
        return;
      }
    }
    setFieldErrors({});
    setPending(true);
    try {
      const result = await signIn("credentials", { ...parsed.data, ...(step === "code" ? { code: typedCode } : {}), redirect: false });
      if (!result || result.error) {
        const message = result?.error ?? "Could not sign in. Please try again.";
        if (message === TWO_FACTOR_REQUIRED) {
          setStep("code");
          setCode("");
        } else if (step === "code" && message === WRONG_CODE) {
          setFieldErrors({ code: useRecoveryCode ? "That recovery code didn't work. Each code works once; check it, or try another." : message });
        } else {
          setError(message);
        }
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

  if (step === "code") {
    const label = useRecoveryCode ? "Recovery code" : "Authentication code";
    return (
      <form onSubmit={handleSubmit} noValidate className="grid gap-4" aria-labelledby="two-factor-heading">
        <div className="grid gap-1">
          <h2 id="two-factor-heading" className="text-base font-semibold">
            Two-factor authentication
          </h2>
          <p className="text-sm text-muted-foreground">
            {useRecoveryCode
              ? "Enter one of the recovery codes you saved when you turned on two-factor. Each code works once."
              : `Enter the 6-digit code from your authenticator app for ${email}.`}
          </p>
        </div>
        {error && <FormAlert>{error}</FormAlert>}
        <FormField label={label} htmlFor="code" error={fieldErrors.code}>
          <Input
            key={useRecoveryCode ? "recovery" : "totp"}
            id="code"
            name="code"
            autoFocus
            autoComplete={useRecoveryCode ? "off" : "one-time-code"}
            inputMode={useRecoveryCode ? "text" : "numeric"}
            autoCapitalize="off"
            spellCheck={false}
            maxLength={useRecoveryCode ? 20 : 7}
            placeholder={useRecoveryCode ? "xxxxx-xxxxx" : "123456"}
            value={code}
            onChange={(e) => setCode(e.target.value)}
            aria-invalid={!!fieldErrors.code || undefined}
            aria-describedby={fieldDescribedBy("code", { error: fieldErrors.code })}
            className="font-mono tracking-wider"
          />
        </FormField>
        <Button type="submit" loading={pending} disabled={!hydrated} className="w-full">
          Verify
        </Button>
        <div className="flex flex-wrap items-center justify-between gap-2 text-sm">
          <button
            type="button"
            className="font-medium text-primary hover:underline dark:text-ring"
            onClick={() => {
              setUseRecoveryCode((v) => !v);
              setCode("");
              setFieldErrors({});
            }}
          >
            {useRecoveryCode ? "Use your authenticator app" : "Use a recovery code"}
          </button>
          <button type="button" className="text-muted-foreground hover:text-foreground hover:underline" onClick={startOver}>
            Start over
          </button>
        </div>
      </form>
    );
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
