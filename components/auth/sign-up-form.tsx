"use client";

import { signIn } from "next-auth/react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useHydrated } from "@/components/shell/use-hydrated";
import { Button } from "@/components/ui/button";
import { fieldDescribedBy, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { toast } from "@/components/ui/toast";
import { signUp } from "@/lib/actions/auth/sign-up";
import { authPageHref } from "@/lib/auth/callback-url";
import { signUpSchema } from "@/lib/auth/schemas";
import { FormAlert } from "./form-alert";

type Fields = "name" | "email" | "password";

export function SignUpForm({ defaultEmail, callbackUrl }: { defaultEmail: string; callbackUrl: string }) {
  const router = useRouter();
  const hydrated = useHydrated();
  const [values, setValues] = useState({ name: "", email: defaultEmail, password: "" });
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [conflict, setConflict] = useState(false);
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<Fields, string>>>({});

  const set = (field: Fields) => (e: React.ChangeEvent<HTMLInputElement>) =>
    setValues((v) => ({ ...v, [field]: e.target.value }));

  async function handleSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    setConflict(false);
    const parsed = signUpSchema.safeParse(values);
    if (!parsed.success) {
      const errors: Partial<Record<Fields, string>> = {};
      for (const issue of parsed.error.issues) errors[issue.path[0] as Fields] ??= issue.message;
      setFieldErrors(errors);
      return;
    }
    setFieldErrors({});
    setPending(true);
    try {
      const result = await signUp(parsed.data);
      if (!result.ok) {
        setFieldErrors(result.fieldErrors ?? {});
        setError(result.fieldErrors && Object.keys(result.fieldErrors).length ? null : result.error);
        setConflict(result.code === "CONFLICT");
        setPending(false);
        return;
      }
      const signedIn = await signIn("credentials", {
        email: parsed.data.email,
        password: parsed.data.password,
        redirect: false,
      });
      if (!signedIn || signedIn.error) {
        toast.success("Account created. Sign in to continue.");
        router.push(authPageHref("/sign-in", { email: parsed.data.email, callbackUrl }));
        return;
      }
      toast.success("Welcome to Gatehouse!");
      router.replace(callbackUrl);
      router.refresh();
    } catch {
      setError("Could not reach the server. Check your connection and try again.");
      setPending(false);
    }
  }

  const field = (name: Fields) => ({
    id: name,
    name,
    value: values[name],
    onChange: set(name),
    "aria-invalid": !!fieldErrors[name] || undefined,
    "aria-describedby": fieldDescribedBy(name, { error: fieldErrors[name], hint: name === "password" && !fieldErrors.password }),
  });

  return (
    <form onSubmit={handleSubmit} noValidate className="grid gap-4">
      {error && <FormAlert>{error}</FormAlert>}
      <FormField label="Name" htmlFor="name" error={fieldErrors.name}>
        <Input {...field("name")} autoComplete="name" autoFocus />
      </FormField>
      <FormField
        label="Email"
        htmlFor="email"
        error={
          fieldErrors.email &&
          (conflict ? (
            <>
              {fieldErrors.email}{" "}
              <Link href={authPageHref("/sign-in", { email: values.email, callbackUrl })} className="underline">
                Sign in instead
              </Link>
            </>
          ) : (
            fieldErrors.email
          ))
        }
      >
        <Input {...field("email")} type="email" autoComplete="email" />
      </FormField>
      <FormField label="Password" htmlFor="password" error={fieldErrors.password} hint={fieldErrors.password ? undefined : "At least 10 characters."}>
        <Input {...field("password")} type="password" autoComplete="new-password" />
      </FormField>
      <Button type="submit" loading={pending} disabled={!hydrated} className="w-full">
        Create account
      </Button>
    </form>
  );
}
