import type { Metadata } from "next";
import { CircleAlert, CircleCheck, LinkIcon } from "lucide-react";
import Link from "next/link";
// The invitation page's frame (icon, title, text, actions), shared by the pages account links lead to.
import { InvitationCard as AccountNotice } from "@/components/invitations/invitation-card";
import { buttonVariants } from "@/components/ui/button";
import { confirmEmailChange } from "@/lib/account/email-change";
import { authPageHref } from "@/lib/auth/callback-url";
import { currentRequestMeta, getCurrentUser } from "@/lib/auth/session";
import { isAppError } from "@/lib/errors";

export const metadata: Metadata = { title: "Confirm your new email address", robots: { index: false } };

/** Opening the link sent to the new address makes the change (no session needed: the link proves the mailbox). */
export default async function ConfirmEmailChangePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  let outcome: Awaited<ReturnType<typeof confirmEmailChange>> | { refused: string };
  try {
    outcome = await confirmEmailChange(token, await currentRequestMeta());
  } catch (error) {
    if (!isAppError(error)) throw error;
    outcome = { refused: error.message };
  }
  const user = await getCurrentUser();
  const account = (
    <Link href={user ? "/account" : "/sign-in"} className={buttonVariants({ className: "w-full" })}>
      {user ? "Go to your account" : "Sign in"}
    </Link>
  );

  if (outcome && "refused" in outcome) {
    return (
      <AccountNotice icon={CircleAlert} tone="danger" title="Your address was not changed" description={outcome.refused}>
        {account}
      </AccountNotice>
    );
  }
  if (!outcome) {
    return (
      <AccountNotice
        icon={LinkIcon}
        tone="danger"
        title="This link isn't valid"
        description="It was already used, a newer one was sent, or it expired (links work for 1 hour). Ask for a new one from your account page."
      >
        {account}
      </AccountNotice>
    );
  }
  return (
    <AccountNotice
      icon={CircleCheck}
      title="Your email address was changed"
      description={
        <>
          Your account now uses <strong className="font-medium text-foreground [overflow-wrap:anywhere]">{outcome.email}</strong> instead of{" "}
          <span className="[overflow-wrap:anywhere]">{outcome.previous}</span>. Sign in with the new address from now on.
        </>
      }
    >
      {user ? (
        account
      ) : (
        <Link href={authPageHref("/sign-in", { email: outcome.email })} className={buttonVariants({ className: "w-full" })}>
          Sign in
        </Link>
      )}
    </AccountNotice>
  );
}
