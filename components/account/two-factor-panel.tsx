"use client";

import { ShieldAlert, ShieldCheck } from "lucide-react";
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { Badge } from "@/components/ui/badge";
import { Button, buttonVariants } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { formatDate } from "@/lib/format-time";
import { TwoFactorConfirmDialog } from "./two-factor-confirm-dialog";
import { TwoFactorSetupDialog } from "./two-factor-setup-dialog";

export type TwoFactorPanelProps = {
  email: string;
  enabled: boolean;
  enabledAt: Date | null;
  recoveryCodesLeft: number;
  hasPassword: boolean;
  /** The user's teams that require two-factor. */
  requiredBy: { slug: string; name: string }[];
};

function names(teams: { name: string }[]): string {
  const list = teams.map((t) => t.name);
  return list.length <= 1 ? (list[0] ?? "") : `${list.slice(0, -1).join(", ")} and ${list[list.length - 1]}`;
}

export function TwoFactorPanel({ email, enabled, enabledAt, recoveryCodesLeft, hasPassword, requiredBy }: TwoFactorPanelProps) {
  // A team layout sent the member here (?twoFactorFor=<slug>); only a team of theirs that requires it is named.
  const asked = useSearchParams().get("twoFactorFor");
  const askingTeam = requiredBy.find((t) => t.slug === asked);
  const required = requiredBy.length > 0;
  const lowOnCodes = enabled && recoveryCodesLeft <= 3;

  return (
    <Card id="two-factor" className="scroll-mt-20" data-testid="two-factor-card">
      <CardHeader>
        <CardTitle className="flex flex-wrap items-center gap-2">
          Two-factor authentication
          {enabled ? <Badge variant="success">On</Badge> : <Badge variant="secondary">Off</Badge>}
        </CardTitle>
        <CardDescription>
          A code from an authenticator app on your phone, asked for after your password, so a stolen password alone cannot get into
          your account.
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        {!enabled && required && (
          <div role="alert" className="flex items-start gap-2 rounded-md border border-warning/30 bg-warning/10 px-3 py-2 text-sm text-warning">
            <ShieldAlert aria-hidden className="mt-0.5 size-4 shrink-0" />
            <p>
              {askingTeam ? (
                <>
                  <span className="font-semibold">{askingTeam.name}</span> requires two-factor authentication for its members. Turn it on
                  to open {askingTeam.name}.
                </>
              ) : (
                <>
                  {names(requiredBy)} {requiredBy.length === 1 ? "requires" : "require"} two-factor authentication for{" "}
                  {requiredBy.length === 1 ? "its" : "their"} members. Turn it on to open {requiredBy.length === 1 ? "it" : "them"}.
                </>
              )}
              {askingTeam && requiredBy.length > 1 && ` (${names(requiredBy.filter((t) => t !== askingTeam))} too.)`}
            </p>
          </div>
        )}

        {enabled && askingTeam && (
          <div className="flex flex-wrap items-center justify-between gap-3 rounded-md border border-success/30 bg-success/10 px-3 py-2 text-sm text-success">
            <p>Two-factor is on: you can open {askingTeam.name} now.</p>
            <Link href={`/${askingTeam.slug}`} className={buttonVariants({ size: "sm" })}>
              Continue to {askingTeam.name}
            </Link>
          </div>
        )}

        {enabled ? (
          <>
            <div className="flex items-start gap-3">
              <ShieldCheck aria-hidden className="mt-0.5 size-5 shrink-0 text-success" />
              <div className="grid gap-0.5 text-sm">
                <p className="font-medium">Signing in asks for a code from your authenticator app{enabledAt ? ` (since ${formatDate(enabledAt)})` : ""}.</p>
                <p className={lowOnCodes ? "text-warning" : "text-muted-foreground"} data-testid="recovery-codes-left">
                  {recoveryCodesLeft} of 10 recovery codes left{lowOnCodes ? ". Make new ones before you run out." : "."}
                </p>
              </div>
            </div>
            {required && (
              <p className="text-sm text-muted-foreground">
                {names(requiredBy)} {requiredBy.length === 1 ? "requires" : "require"} it, so it stays on while you are a member.
              </p>
            )}
            <div className="flex flex-wrap justify-end gap-2">
              <TwoFactorConfirmDialog mode="regenerate" email={email} hasPassword={hasPassword} trigger={<Button variant="outline">New recovery codes…</Button>} />
              {required ? (
                <Button variant="outline" disabled title={`Required by ${names(requiredBy)}`}>
                  Turn off…
                </Button>
              ) : (
                <TwoFactorConfirmDialog mode="disable" email={email} hasPassword={hasPassword} trigger={<Button variant="outline">Turn off…</Button>} />
              )}
            </div>
          </>
        ) : (
          <div className="flex flex-wrap items-center justify-between gap-3">
            <p className="text-sm text-muted-foreground">You will also get ten recovery codes, for when you cannot use the app.</p>
            <TwoFactorSetupDialog email={email} trigger={<Button>Turn on two-factor…</Button>} />
          </div>
        )}
      </CardContent>
    </Card>
  );
}
