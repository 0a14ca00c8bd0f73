import Link from "next/link";
import { VerifyEmailBanner } from "@/components/account/verify-email-banner";
import { TeamSwitcher } from "@/components/shell/team-switcher";
import { UserMenu } from "@/components/shell/user-menu";
import { Wordmark } from "@/components/shell/wordmark";
import { ThemeToggle } from "@/components/theme-toggle";
import { emailConfirmationOf } from "@/lib/account/email-verification";
import { currentPath } from "@/lib/auth/current-path";
import { requireUserOrRedirect } from "@/lib/auth/session";
import { userIsOperator } from "@/lib/operator/operators";
import { listMyTeams } from "@/lib/teams/queries";

export default async function ConsoleLayout({ children }: { children: React.ReactNode }) {
  const user = await requireUserOrRedirect(await currentPath());
  const [teams, operator, email] = await Promise.all([listMyTeams(user.id), userIsOperator(user.id), emailConfirmationOf(user.id)]);

  return (
    <div className="flex min-h-screen flex-col">
      <header className="sticky top-0 z-40 border-b bg-background/85 backdrop-blur supports-[backdrop-filter]:bg-background/70">
        <div className="mx-auto flex h-14 w-full max-w-7xl items-center gap-2 px-4 sm:px-6">
          <Link
            href="/"
            className="rounded-md focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-hidden"
            aria-label="Gatehouse home"
          >
            <Wordmark compact />
          </Link>
          <span aria-hidden className="text-lg text-border select-none">
            /
          </span>
          <TeamSwitcher teams={teams} />
          <div className="ml-auto flex items-center gap-1">
            <ThemeToggle />
            <UserMenu user={{ name: user.name, email: user.email }} operator={operator} />
          </div>
        </div>
      </header>
      {email?.required && !email.confirmed && <VerifyEmailBanner email={email.email} mailLogged={email.mailLogged} />}
      <div className="flex flex-1 flex-col">{children}</div>
    </div>
  );
}
