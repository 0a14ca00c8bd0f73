import type { Metadata } from "next";
import { CircleCheck, LinkIcon } from "lucide-react";
import Link from "next/link";
import { ResendVerificationButton } from "@/components/account/resend-verification-button";
// The invitation page's frame (icon, title, text, actions), shared by the pages account links lead to.
import { InvitationCard as AccountNotice } from "@/components/invitations/invitation-card";
import { buttonVariants } from "@/components/ui/button";
import { confirmEmailAddress, emailConfirmationOf } from "@/lib/account/email-verification";
import { authPageHref } from "@/lib/auth/callback-url";
import { currentRequestMeta, getCurrentUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Confirm your email address", robots: { index: false } };

/**
 * Opening the link is the confirmation (it proves the mailbox); the browser
 * need not be signed in. A link that no longer works says why it may not,
 * and offers a new one to a signed-in account that still needs it.
 */
export default async function VerifyEmailPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const confirmed = await confirmEmailAddress(token, await currentRequestMeta());
  const user = await getCurrentUser();

  if (confirmed) {
    return (
      <AccountNotice
        icon={CircleCheck}
        title="Your email address is confirmed"
        description={
          <>
            <strong className="font-medium text-foreground [overflow-wrap:anywhere]">{confirmed.email}</strong> is confirmed. You can create API keys
            now.
          </>
        }
      >
        {user ? (
          <Link href="/" className={buttonVariants({ className: "w-full" })}>
            Continue to Gatehouse
          </Link>
        ) : (
          <Link href={authPageHref("/sign-in", { email: confirmed.email })} className={buttonVariants({ className: "w-full" })}>
            Sign in
          </Link>
        )}
      </AccountNotice>
    );
  }

  const state = user ? await emailConfirmationOf(user.id) : null;
  if (user && state?.confirmed) {
    return (
      <AccountNotice icon={CircleCheck} title="Your address is already confirmed" description={`${user.email} is confirmed; this link is no longer needed.`}>
        <Link href="/" className={buttonVariants({ className: "w-full" })}>
          Continue to Gatehouse
        </Link>
      </AccountNotice>
    );
  }
  return (
    <AccountNotice
      icon={LinkIcon}
      tone="danger"
      title="This confirmation link isn't valid"
      description={
        <>
          It was already used, a newer one was sent, or it expired (links work for 24 hours).
          {user && (
            <>
              {" "}
              We can send a new one to <span className="font-medium text-foreground [overflow-wrap:anywhere]">{user.email}</span>.
            </>
          )}
        </>
      }
    >
      {user ? (
        <ResendVerificationButton className="w-full">Send a new link</ResendVerificationButton>
      ) : (
        <Link href={authPageHref("/sign-in", {})} className={buttonVariants({ className: "w-full" })}>
          Sign in to get a new link
        </Link>
      )}
    </AccountNotice>
  );
}
