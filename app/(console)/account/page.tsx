import type { Metadata } from "next";
import { AccountActivity } from "@/components/account/account-activity";
import { EmailCard } from "@/components/account/email-card";
import { DeleteAccountCard } from "@/components/account/delete-account-card";
import { PasswordCard } from "@/components/account/password-card";
import { ProfileCard } from "@/components/account/profile-card";
import { SessionsCard, type SessionView } from "@/components/account/sessions-card";
import { SingleSignOnCard } from "@/components/account/single-sign-on-card";
import { TwoFactorCard } from "@/components/account/two-factor-card";
import { PageHeader } from "@/components/ui/page-header";
import { emailCardState } from "@/lib/account/email-change";
import { accountSettings } from "@/lib/account/profile";
import { listAccountEvents } from "@/lib/auth/account-audit";
import { describeDevice } from "@/lib/auth/device";
import { getCurrentSession, requireUserOrRedirect } from "@/lib/auth/session";
import { listSessions } from "@/lib/auth/sessions";

export const metadata: Metadata = { title: "Account" };

export default async function AccountPage() {
  const user = await requireUserOrRedirect("/account");
  const current = await getCurrentSession();
  const now = new Date();
  const [sessions, events, email] = await Promise.all([listSessions(user.id, now.getTime()), listAccountEvents(user.id), emailCardState(user.id, now)]);
  const settings = await accountSettings({ userId: user.id, sessionId: current?.sessionId ?? "" }, now.getTime());
  const views: SessionView[] = sessions.map((s) => ({
    id: s.id,
    device: describeDevice(s.userAgent),
    userAgent: s.userAgent,
    ip: s.ip,
    createdAt: s.createdAt,
    lastSeenAt: s.lastSeenAt,
    mobile: /\b(iPhone|iPad|Android|Mobile)\b/.test(s.userAgent),
    current: s.id === current?.sessionId,
  }));
  // This browser first.
  views.sort((a, b) => Number(b.current) - Number(a.current));
  return (
    <main className="mx-auto grid w-full max-w-3xl gap-6 px-4 py-6 sm:px-6 md:py-8">
      <PageHeader title="Account" description={`Signed in as ${user.name} (${user.email}).`} />
      <ProfileCard name={settings.name} />
      {email && <EmailCard {...email} />}
      <PasswordCard email={settings.email} hasPassword={settings.hasPassword} signedInRecently={settings.signedInRecently} />
      <SingleSignOnCard userId={user.id} />
      <TwoFactorCard user={user} />
      <SessionsCard sessions={views} now={now} />
      <AccountActivity events={events} />
      <DeleteAccountCard {...settings} />
    </main>
  );
}
