"use client";

import { KeyRound } from "lucide-react";
import { signIn } from "next-auth/react";
import { useSearchParams } from "next/navigation";
import { FormAlert } from "@/components/auth/form-alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { useAction } from "@/components/ui/use-action";
import { startSingleSignOnLink, unlinkSingleSignOn } from "@/lib/actions/account/single-sign-on";
import { OIDC_PROVIDER_ID } from "@/lib/auth/oidc/constants";
import { formatDateTime } from "@/lib/format-time";

export type LinkedIdentityView = { id: string; host: string; email: string; createdAt: Date };

/** What the provider's round trip came back with (?sso=, set by lib/auth/oidc/callbacks.ts). */
function outcomeNotice(outcome: string | null, name: string): { ok: boolean; text: string } | null {
  switch (outcome) {
    case "linked":
      return { ok: true, text: `Linked. You can now sign in with ${name}.` };
    case "already_linked":
      return { ok: true, text: `That ${name} identity was already linked to this account.` };
    case "linked_elsewhere":
      return { ok: false, text: `That ${name} identity is linked to another Gatehouse account, so it was not linked to this one.` };
    default:
      return null;
  }
}

export function SingleSignOnControls({
  provider,
  identities,
  hasPassword,
}: {
  /** null: single sign-on is no longer configured (what is linked can still be unlinked). */
  provider: { displayName: string; linked: boolean } | null;
  identities: LinkedIdentityView[];
  hasPassword: boolean;
}) {
  const name = provider?.displayName ?? "single sign-on";
  const notice = outcomeNotice(useSearchParams().get("sso"), name);
  const link = useAction(startSingleSignOnLink, {
    successToast: false,
    keepPendingOnSuccess: true,
    // The session is now marked as asking; the provider's answer comes back to this page.
    onSuccess: () => signIn(OIDC_PROVIDER_ID, { callbackUrl: "/account" }),
  });
  const onlyWayIn = !hasPassword && identities.length === 1;

  return (
    // scroll-mt: the provider sends the browser back to #single-sign-on; the sticky header must not cover the title.
    <Card id="single-sign-on" className="scroll-mt-20">
      <CardHeader>
        <CardTitle>Single sign-on</CardTitle>
        <CardDescription>
          {!provider
            ? "Single sign-on is no longer offered here. Identities linked before stay listed until you unlink them."
            : provider.linked
              ? `Sign in with ${name} instead of a password.`
              : `Sign in with ${name} instead of a password. Linking takes you to ${name} to sign in; the identity you sign in with there then opens this account.`}
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        {notice &&
          (notice.ok ? (
            <p role="status" className="rounded-md border border-success/30 bg-success/10 px-3 py-2 text-sm text-success">
              {notice.text}
            </p>
          ) : (
            <FormAlert>{notice.text}</FormAlert>
          ))}
        {identities.length > 0 && (
          <ul className="divide-y rounded-md border" aria-label="Linked identities">
            {identities.map((identity) => (
              <li key={identity.id} className="flex flex-wrap items-center gap-x-4 gap-y-2 p-3 sm:flex-nowrap" data-testid="sso-identity">
                <KeyRound aria-hidden className="size-5 shrink-0 text-muted-foreground" />
                <div className="grid min-w-0 flex-1 gap-0.5">
                  <p className="text-sm font-medium break-words">{identity.email || "No email shared"}</p>
                  <p className="text-xs break-words text-muted-foreground">
                    {identity.host} · linked <time dateTime={identity.createdAt.toISOString()}>{formatDateTime(identity.createdAt)}</time>
                  </p>
                </div>
                <ConfirmDialog
                  trigger={
                    <Button variant="outline" size="sm" className="ml-9 sm:ml-0" disabled={onlyWayIn} aria-label={`Unlink ${identity.email || identity.host}`}>
                      Unlink
                    </Button>
                  }
                  title="Unlink this identity?"
                  description={`Signing in as ${identity.email || "this identity"} at ${identity.host} will no longer open this account.`}
                  confirmLabel="Unlink"
                  destructive
                  action={() => unlinkSingleSignOn({ identityId: identity.id })}
                />
              </li>
            ))}
          </ul>
        )}
        {onlyWayIn && <p className="text-sm text-muted-foreground">This account has no password: set one above before unlinking its only way in.</p>}
        {provider && !provider.linked && (
          <Button variant="outline" className="justify-self-start" loading={link.pending} onClick={() => void link.execute({})}>
            <KeyRound aria-hidden />
            Link {name}
          </Button>
        )}
      </CardContent>
    </Card>
  );
}
