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
import { useAction } from "@/components/ui/use-action";
import { signUp } from "@/lib/actions/auth/sign-up";
import { authPageHref } from "@/lib/auth/callback-url";
import { signUpSchema } from "@/lib/auth/schemas";
import { FormAlert } from "./form-alert";

type Fields = "name" | "email" | "password";

export function SignUpForm({ defaultEmail, callbackUrl }: { defaultEmail: string; callbackUrl: string }) {
  const router = useRouter();
  const hydrated = useHydrated();
  const [values, setValues] = useState({ name: "", email: defaultEmail, password: "" });
  const [clientErrors, setClientErrors] = useState<Partial<Record<Fields, string>>>({});
  const [conflict, setConflict] = useState(false);
  const register = useAction(signUp, {
    // The auth pages speak through the form alert, not toasts.
    successToast: false,
    errorToast: false,
    // Stays pending while the next page loads.
    keepPendingOnSuccess: true,
    onError: (failure) => setConflict(failure.code === "CONFLICT"),
    onSuccess: async (result) => {
      const { email } = result;
      if (result.next === "check-email") {
        // The same page whether the address was new or already had an account.
        router.push(`/sign-up/check-email?${new URLSearchParams({ email })}`);
        return;
      }
      const { password } = values;
      let signedIn: Awaited<ReturnType<typeof signIn>> | null = null;
      try {
        signedIn = await signIn("credentials", { email, password, redirect: false });
      } catch {
        signedIn = null;
      }
      if (!signedIn || signedIn.error) {
        toast.success("Account created. Sign in to continue.");
        router.push(authPageHref("/sign-in", { email, callbackUrl }));
        return;
      }
      toast.success("Welcome to Gatehouse!");
      router.replace(callbackUrl);
      router.refresh();
    },
  });
  const { pending, formError: error } = register;
  const fieldErrors: Partial<Record<Fields, string>> = { ...register.fieldErrors, ...clientErrors };

  const set = (field: Fields) => (e: React.ChangeEvent<HTMLInputElement>) =>
    setValues((v) => ({ ...v, [field]: e.target.value }));

  function handleSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setConflict(false);
    const parsed = signUpSchema.safeParse(values);
    if (!parsed.success) {
      const errors: Partial<Record<Fields, string>> = {};
      for (const issue of parsed.error.issues) errors[issue.path[0] as Fields] ??= issue.message;
      setClientErrors(errors);
      register.reset();
      // Focus the first field to fix, once it is marked invalid.
      requestAnimationFrame(() => register.formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
      return;
    }
    setClientErrors({});
    // From an invitation's "Create an account": the invitation, sent to this address, proves it.
    const invitationToken = /^\/invite\/([A-Za-z0-9_-]{43})$/.exec(callbackUrl)?.[1];
    void register.execute(invitationToken ? { ...parsed.data, invitationToken } : parsed.data);
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
    <form ref={register.formRef} onSubmit={handleSubmit} noValidate className="grid gap-4">
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
