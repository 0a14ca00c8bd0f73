import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { describeDevice } from "@/lib/auth/device";
import type { AccountEvent } from "@/lib/auth/account-audit";
import { formatDateTime } from "@/lib/format-time";

function issuerHost(issuer: string): string {
  try {
    return new URL(issuer).host;
  } catch {
    return issuer;
  }
}

function detailOf(event: AccountEvent): string | null {
  const d = event.details;
  if (event.action === "session.revoked" && typeof d.device === "string") return `${describeDevice(d.device)}${typeof d.ip === "string" && d.ip ? ` at ${d.ip}` : ""}`;
  if ((event.action === "session.revoked_others" || event.action === "session.revoked_all") && typeof d.count === "number") {
    return d.count === 1 ? "1 session" : `${d.count} sessions`;
  }
  if (event.action === "session.created" && d.secondFactor === "totp") return "with an authenticator code";
  if (event.action === "session.created" && d.secondFactor === "recovery_code") return "with a recovery code";
  if (event.action === "two_factor.recovery_code_used" && typeof d.remaining === "number") return `${d.remaining} left`;
  if (event.action === "session.created" && d.method === "oidc") return "with single sign-on";
  if ((event.action === "oidc.linked" || event.action === "oidc.unlinked" || event.action === "oidc.account_created") && typeof d.issuer === "string") {
    return `${typeof d.email === "string" && d.email ? `${d.email} at ` : ""}${issuerHost(d.issuer)}`;
  }
  return null;
}

/** The account's own audit trail, newest first. */
export function AccountActivity({ events }: { events: AccountEvent[] }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>Account activity</CardTitle>
        <CardDescription>Sign-ins and changes to your account, newest first.</CardDescription>
      </CardHeader>
      <CardContent>
        {events.length === 0 ? (
          <p className="text-sm text-muted-foreground">Nothing yet.</p>
        ) : (
          <ol className="grid gap-3" aria-label="Account activity">
            {events.map((event) => {
              const detail = detailOf(event);
              return (
                <li key={event.id} className="grid gap-0.5 text-sm" data-testid="account-event">
                  <p className="font-medium">
                    {event.label}
                    {detail && <span className="font-normal text-muted-foreground"> · {detail}</span>}
                  </p>
                  <p className="text-xs break-words text-muted-foreground">
                    <time dateTime={event.createdAt.toISOString()}>{formatDateTime(event.createdAt)}</time> · {describeDevice(event.userAgent)} ·{" "}
                    {event.ip || "unknown address"}
                  </p>
                </li>
              );
            })}
          </ol>
        )}
      </CardContent>
    </Card>
  );
}
