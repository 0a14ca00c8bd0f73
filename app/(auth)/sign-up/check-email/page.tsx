import type { Metadata } from "next";
import { MailCheck } from "lucide-react";
import Link from "next/link";
// The invitation page's frame (icon, title, text, actions), shared by the pages account links lead to.
import { InvitationCard as AccountNotice } from "@/components/invitations/invitation-card";
import { buttonVariants } from "@/components/ui/button";
import { authPageParams } from "@/lib/auth/auth-page-params";
import { authPageHref } from "@/lib/auth/callback-url";
import { emailConfigFromEnv } from "@/lib/email/config";

export const metadata: Metadata = { title: "Check your email" };

/**
 * Where sign-up lands, for a new address and for one that already has an
 * account alike: only the mailbox tells them apart (a confirmation link, or
 * a note to the existing account's owner).
 */
export default async function CheckEmailPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { email } = authPageParams(await searchParams);
  const logged = !emailConfigFromEnv().smtp;
  return (
    <AccountNotice
      icon={MailCheck}
      title="Check your email to confirm your address"
      description={
        <>
          We sent an email to {email ? <strong className="font-medium text-foreground [overflow-wrap:anywhere]">{email}</strong> : "the address you entered"}.
          Open the link in it to confirm your address; it works for 24 hours. If the address already has an account, the email says how to sign in
          instead.
        </>
      }
    >
      {logged && (
        <p className="rounded-md border bg-muted/40 px-3 py-2 text-sm text-muted-foreground">
          Email isn&apos;t set up on this server, so the message was written to the server&apos;s log. Ask whoever runs it for the link.
        </p>
      )}
      <Link href={authPageHref("/sign-in", { email })} className={buttonVariants({ variant: "outline", className: "w-full" })}>
        Go to sign in
      </Link>
    </AccountNotice>
  );
}
