import { MailWarning } from "lucide-react";
import { ResendVerificationButton } from "./resend-verification-button";

/**
 * At the top of every console page while the account's address is
 * unconfirmed (and the install asks for confirmed addresses): until then the
 * server refuses to create keys, so say so before anyone tries.
 */
export function VerifyEmailBanner({ email, mailLogged }: { email: string; mailLogged: boolean }) {
  return (
    <div className="mx-auto w-full max-w-7xl px-4 pt-4 sm:px-6">
      <div role="status" className="grid grid-cols-[auto_1fr] items-start gap-x-3 gap-y-2 rounded-lg border border-warning/40 bg-warning/10 px-4 py-3 text-sm sm:grid-cols-[auto_1fr_auto]">
        <MailWarning aria-hidden className="mt-0.5 size-4 shrink-0 text-warning" />
        <div className="min-w-0 space-y-1">
          <p className="font-semibold text-warning">Confirm your email address</p>
          <p className="text-foreground [overflow-wrap:anywhere]">
            We sent a link to <strong className="font-medium">{email}</strong>. Until you open it, you can&apos;t create API keys.
            {mailLogged && " Email isn't set up on this server, so the link was written to the server's log."}
          </p>
        </div>
        <ResendVerificationButton variant="outline" size="sm" className="col-start-2 justify-self-start sm:col-start-3 sm:self-center">
          Resend link
        </ResendVerificationButton>
      </div>
    </div>
  );
}
