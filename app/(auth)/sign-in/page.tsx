import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { FormAlert } from "@/components/auth/form-alert";
import { SignInForm } from "@/components/auth/sign-in-form";
import { SsoSignInButton } from "@/components/auth/sso-sign-in-button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader } from "@/components/ui/card";
import { authPageParams } from "@/lib/auth/auth-page-params";
import { authPageHref } from "@/lib/auth/callback-url";
import { installedOidcConfig } from "@/lib/auth/oidc/config";
import { oidcErrorMessage } from "@/lib/auth/oidc/messages";
import { getCurrentUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { email, callbackUrl } = authPageParams(await searchParams);
  const user = await getCurrentUser();
  // Already signed in as the right person: carry on. A different email (an
  // invitation for another address) shows the form so they can switch accounts.
  if (user && (!email || email === user.email)) redirect(callbackUrl);
  // Single sign-on, when configured: its button, and why it sent the browser back here (?error=).
  const sso = installedOidcConfig();
  const ssoError = sso ? oidcErrorMessage([(await searchParams).error].flat()[0], sso.displayName) : null;

  return (
    <Card>
      <CardHeader>
        <h1 className="text-xl leading-tight font-semibold">Sign in</h1>
        <CardDescription>
          {user ? `You are signed in as ${user.email}. Sign in with another account to switch.` : "Welcome back to Gatehouse."}
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        {ssoError && <FormAlert>{ssoError}</FormAlert>}
        <SignInForm defaultEmail={email} callbackUrl={callbackUrl} />
        <Link
          href={email ? `/forgot-password?${new URLSearchParams({ email })}` : "/forgot-password"}
          className="justify-self-center text-sm font-medium text-primary hover:underline dark:text-ring"
        >
          Forgot password?
        </Link>
        {sso && <SsoSignInButton displayName={sso.displayName} callbackUrl={callbackUrl} divider />}
      </CardContent>
      <CardFooter className="justify-center text-sm text-muted-foreground">
        New to Gatehouse?
        <Link href={authPageHref("/sign-up", { email, callbackUrl })} className="font-medium text-primary hover:underline">
          Create an account
        </Link>
      </CardFooter>
    </Card>
  );
}
