import type { Metadata } from "next";
import { CircleCheck, Clock, LinkIcon, MailWarning, Ban, UserPlus } from "lucide-react";
import Link from "next/link";
import { SsoSignInButton } from "@/components/auth/sso-sign-in-button";
import { AcceptInvitationButton } from "@/components/invitations/accept-invitation-button";
import { InvitationCard, InvitationFacts } from "@/components/invitations/invitation-card";
import { SwitchAccountButton } from "@/components/invitations/switch-account-button";
import { buttonVariants } from "@/components/ui/button";
import { authPageHref } from "@/lib/auth/callback-url";
import { installedOidcConfig } from "@/lib/auth/oidc/config";
import { getCurrentUser } from "@/lib/auth/session";
import { formatDateTime } from "@/lib/format-time";
import { getInvitationByToken, type InvitationDetails } from "@/lib/invitations/get-invitation-by-token";
import { ROLE_LABELS } from "@/lib/permissions";
import { listMyTeams } from "@/lib/teams/queries";

export const metadata: Metadata = { title: "Invitation", robots: { index: false } };

function inviterLine(invitation: InvitationDetails) {
  return `${invitation.invitedBy.name} (${invitation.invitedBy.email})`;
}

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const [{ state, invitation }, user] = await Promise.all([getInvitationByToken(token), getCurrentUser()]);
  const here = `/invite/${token}`;
  const home = (
    <Link href="/" className={buttonVariants({ variant: "outline", className: "w-full" })}>
      {user ? "Go to your teams" : "Go to Gatehouse"}
    </Link>
  );

  if (state === "not_found") {
    return (
      <InvitationCard
        icon={LinkIcon}
        tone="danger"
        title="This invitation link isn't valid"
        description="Check that you opened the whole link from the email. If it still doesn't work, ask the person who invited you to send a new one."
      >
        {home}
      </InvitationCard>
    );
  }

  const teamName = invitation.team.name;
  const facts: Array<[string, React.ReactNode]> = [
    ["Team", teamName],
    ["Invited by", inviterLine(invitation)],
    ["Role", ROLE_LABELS[invitation.role]],
    ["For", invitation.email],
  ];

  if (state === "expired") {
    return (
      <InvitationCard
        icon={Clock}
        tone="warning"
        title="This invitation has expired"
        description={`Invitations are valid for 7 days; this one ended on ${formatDateTime(invitation.expiresAt)}. Ask ${invitation.invitedBy.name} to resend it.`}
      >
        <InvitationFacts facts={facts} />
        {home}
      </InvitationCard>
    );
  }

  if (state === "revoked") {
    return (
      <InvitationCard
        icon={Ban}
        tone="danger"
        title="This invitation was revoked"
        description={`An owner or admin of ${teamName} cancelled it. If you still need access, ask them for a new invitation.`}
      >
        {home}
      </InvitationCard>
    );
  }

  if (state === "accepted") {
    const mine = user ? (await listMyTeams(user.id)).find((t) => t.id === invitation.team.id) : undefined;
    return (
      <InvitationCard
        icon={CircleCheck}
        title={mine ? `You're a member of ${teamName}` : "This invitation has already been used"}
        description={mine ? "This invitation was accepted." : "Each invitation link works once. If you need access, ask the team for a new invitation."}
      >
        {mine ? (
          <Link href={`/${mine.slug}/keys`} className={buttonVariants({ className: "w-full" })}>
            Open {teamName}
          </Link>
        ) : user ? (
          home
        ) : (
          <Link href={authPageHref("/sign-in", { email: invitation.email })} className={buttonVariants({ variant: "outline", className: "w-full" })}>
            Sign in
          </Link>
        )}
      </InvitationCard>
    );
  }

  const intro = (
    <>
      <InvitationFacts facts={[...facts, ["Expires", formatDateTime(invitation.expiresAt)]]} />
      {invitation.message && (
        <figure className="grid gap-1 border-l-2 pl-3 text-sm">
          <blockquote className="whitespace-pre-wrap">{invitation.message}</blockquote>
          <figcaption className="text-xs text-muted-foreground">— {invitation.invitedBy.name}</figcaption>
        </figure>
      )}
    </>
  );
  const signInHref = authPageHref("/sign-in", { email: invitation.email, callbackUrl: here });
  const signUpHref = authPageHref("/sign-up", { email: invitation.email, callbackUrl: here });

  if (!user) {
    // Single sign-on comes back to this page signed in; accepting is then the same as after a password sign-in.
    const sso = installedOidcConfig();
    return (
      <InvitationCard
        icon={UserPlus}
        title={`Join ${teamName} on Gatehouse`}
        description={`${invitation.invitedBy.name} invited ${invitation.email} to join as ${ROLE_LABELS[invitation.role]}. Sign in or create an account with that address to accept.`}
      >
        {intro}
        {/* One column no wider than the card: a long address is cut short rather than widening the page on a phone. */}
        <div className="grid grid-cols-1 gap-2">
          <Link href={signInHref} className={buttonVariants({ size: "lg", className: "w-full" })}>
            <span className="truncate">Sign in as {invitation.email}</span>
          </Link>
          {sso && <SsoSignInButton displayName={sso.displayName} callbackUrl={here} size="lg" />}
          <Link href={signUpHref} className={buttonVariants({ variant: "outline", size: "lg", className: "w-full" })}>
            Create an account
          </Link>
        </div>
      </InvitationCard>
    );
  }

  if (user.email.toLowerCase() !== invitation.email.toLowerCase()) {
    return (
      <InvitationCard
        icon={MailWarning}
        tone="warning"
        title="This invitation is for another email address"
        description={`You're signed in as ${user.email}, but ${invitation.invitedBy.name} invited ${invitation.email}. Sign in with that address to join ${teamName}.`}
      >
        {intro}
        <div className="grid gap-2">
          <SwitchAccountButton next={signInHref} size="lg" className="w-full">
            Sign out and sign in as {invitation.email}
          </SwitchAccountButton>
          <SwitchAccountButton next={signUpHref} variant="outline" size="lg" className="w-full">
            Sign out and create an account
          </SwitchAccountButton>
        </div>
      </InvitationCard>
    );
  }

  return (
    <InvitationCard
      icon={UserPlus}
      title={`Join ${teamName}`}
      description={`${invitation.invitedBy.name} invited you to join as ${ROLE_LABELS[invitation.role]}. You're signed in as ${user.email}.`}
    >
      {intro}
      <AcceptInvitationButton token={token} teamName={teamName} />
    </InvitationCard>
  );
}
