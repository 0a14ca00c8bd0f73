import type { Metadata } from "next";
import Link from "next/link";
import { ForgotPasswordForm } from "@/components/auth/forgot-password-form";
import { Card, CardContent, CardDescription, CardFooter, CardHeader } from "@/components/ui/card";
import { authPageParams } from "@/lib/auth/auth-page-params";
import { authPageHref } from "@/lib/auth/callback-url";

export const metadata: Metadata = { title: "Reset your password" };

export default async function ForgotPasswordPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { email } = authPageParams(await searchParams);
  return (
    <Card>
      <CardHeader>
        <h1 className="text-xl leading-tight font-semibold">Reset your password</h1>
        <CardDescription>Enter the email address of your account and we&apos;ll send you a link to choose a new password.</CardDescription>
      </CardHeader>
      <CardContent>
        <ForgotPasswordForm defaultEmail={email} />
      </CardContent>
      <CardFooter className="justify-center text-sm text-muted-foreground">
        Remembered it?
        <Link href={authPageHref("/sign-in", { email })} className="font-medium text-primary hover:underline dark:text-ring">
          Sign in
        </Link>
      </CardFooter>
    </Card>
  );
}
