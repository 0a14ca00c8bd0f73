import type { Metadata } from "next";
import { LinkIcon } from "lucide-react";
import Link from "next/link";
import { ResetPasswordForm } from "@/components/auth/reset-password-form";
// The invitation page's frame (icon, title, text, actions), shared by the pages account links lead to.
import { InvitationCard as AccountNotice } from "@/components/invitations/invitation-card";
import { buttonVariants } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader } from "@/components/ui/card";
import { findLiveAccountToken } from "@/lib/account/tokens";
import { db } from "@/lib/db";

export const metadata: Metadata = { title: "Choose a new password", robots: { index: false } };

export default async function ResetPasswordPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const live = await findLiveAccountToken(token, "password_reset");
  const user = live ? await db.user.findUnique({ where: { id: live.userId }, select: { email: true } }) : null;

  if (!live || !user) {
    return (
      <AccountNotice
        icon={LinkIcon}
        tone="danger"
        title="This reset link isn't valid"
        description="It was already used, a newer one was sent, or it expired (reset links work for 1 hour). Ask for a new one."
      >
        <Link href="/forgot-password" className={buttonVariants({ className: "w-full" })}>
          Ask for a new link
        </Link>
      </AccountNotice>
    );
  }

  return (
    <Card>
      <CardHeader>
        <h1 className="text-xl leading-tight font-semibold">Choose a new password</h1>
        <CardDescription>
          For <span className="font-medium text-foreground [overflow-wrap:anywhere]">{user.email}</span>. Every browser signed in to the account is
          signed out, this one included; then you sign in with the new password.
        </CardDescription>
      </CardHeader>
      <CardContent>
        <ResetPasswordForm token={token} email={user.email} />
      </CardContent>
    </Card>
  );
}
