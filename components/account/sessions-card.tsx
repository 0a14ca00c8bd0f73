"use client";

import { Laptop, Smartphone } from "lucide-react";
import { signOut } from "next-auth/react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { signOutEverywhere, signOutSession } from "@/lib/actions/account/sessions";
import { formatDateTime, formatRelative } from "@/lib/format-time";

export type SessionView = { id: string; device: string; userAgent: string; ip: string; createdAt: Date; lastSeenAt: Date; mobile: boolean; current: boolean };

export function SessionsCard({ sessions, now }: { sessions: SessionView[]; now: Date }) {
  const others = sessions.filter((s) => !s.current).length;
  return (
    <Card>
      <CardHeader>
        <CardTitle>Sessions</CardTitle>
        <CardDescription>
          Browsers signed in to your account. Signing one out takes effect on its very next request. If you see one you do not recognise,
          sign it out and change your password.
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        <ul className="divide-y rounded-md border" aria-label="Active sessions">
          {sessions.map((session) => {
            const Icon = session.mobile ? Smartphone : Laptop;
            return (
              <li key={session.id} className="flex flex-wrap items-center gap-x-4 gap-y-2 p-3 sm:flex-nowrap" data-testid="session-row" data-current={session.current || undefined}>
                <Icon aria-hidden className="size-5 shrink-0 text-muted-foreground" />
                <div className="grid min-w-0 flex-1 gap-0.5">
                  <p className="flex flex-wrap items-center gap-2 text-sm font-medium">
                    <span title={session.userAgent || undefined}>{session.device}</span>
                    {session.current && <Badge variant="success">This browser</Badge>}
                  </p>
                  <p className="text-xs break-words text-muted-foreground">
                    {session.ip || "unknown address"} · last active{" "}
                    <time dateTime={session.lastSeenAt.toISOString()} title={formatDateTime(session.lastSeenAt)}>
                      {session.current ? "now" : formatRelative(session.lastSeenAt, now)}
                    </time>{" "}
                    · signed in{" "}
                    <time dateTime={session.createdAt.toISOString()} title={formatDateTime(session.createdAt)}>
                      {formatRelative(session.createdAt, now)}
                    </time>
                  </p>
                </div>
                {!session.current && (
                  <ConfirmDialog
                    trigger={
                      <Button variant="outline" size="sm" className="ml-9 sm:ml-0" aria-label={`Sign out ${session.device}, ${session.ip}`}>
                        Sign out
                      </Button>
                    }
                    title={`Sign out ${session.device}?`}
                    description={`The browser at ${session.ip || "an unknown address"} must sign in again on its next request.`}
                    confirmLabel="Sign out session"
                    destructive
                    action={() => signOutSession({ sessionId: session.id })}
                  />
                )}
              </li>
            );
          })}
        </ul>
        <div className="flex flex-wrap items-center justify-between gap-3">
          <p className="text-sm text-muted-foreground">
            {others === 0 ? "No other browser is signed in." : `${others} other ${others === 1 ? "browser is" : "browsers are"} signed in.`}
          </p>
          <ConfirmDialog
            trigger={<Button variant="outline">Sign out everywhere…</Button>}
            title="Sign out everywhere?"
            description="Every browser signed in to your account, this one included, must sign in again."
            confirmLabel="Sign out everywhere"
            destructive
            keepPendingOnSuccess
            action={() => signOutEverywhere({})}
            onSuccess={() => signOut({ callbackUrl: "/sign-in" })}
          />
        </div>
      </CardContent>
    </Card>
  );
}
