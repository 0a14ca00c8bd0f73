import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { SignUpForm } from "@/components/auth/sign-up-form";
import { Card, CardContent, CardDescription, CardFooter, CardHeader } from "@/components/ui/card";
import { authPageParams } from "@/lib/auth/auth-page-params";
import { authPageHref } from "@/lib/auth/callback-url";
import { getCurrentUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Create an account" };

export default async function SignUpPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { email, callbackUrl } = authPageParams(await searchParams);
  const user = await getCurrentUser();
  if (user && (!email || email === user.email)) redirect(callbackUrl);

  return (
    <Card>
      <CardHeader>
        <h1 className="text-xl leading-tight font-semibold">Create your account</h1>
        <CardDescription>
          {callbackUrl.startsWith("/invite/")
            ? "Create an account to accept your invitation."
            : "Manage your team's API keys, members and usage."}
        </CardDescription>
      </CardHeader>
      <CardContent>
        <SignUpForm defaultEmail={email} callbackUrl={callbackUrl} />
      </CardContent>
      <CardFooter className="justify-center text-sm text-muted-foreground">
        Already have an account?
        <Link href={authPageHref("/sign-in", { email, callbackUrl })} className="font-medium text-primary hover:underline">
          Sign in
        </Link>
      </CardFooter>
    </Card>
  );
}
