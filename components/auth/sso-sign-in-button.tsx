"use client";

import { KeyRound } from "lucide-react";
import { signIn } from "next-auth/react";
import { useState } from "react";
import { useHydrated } from "@/components/shell/use-hydrated";
import { Button, type ButtonProps } from "@/components/ui/button";
import { OIDC_PROVIDER_ID } from "@/lib/auth/oidc/constants";
import { cn } from "@/lib/utils";

/**
 * "Sign in with …": off to the operator's identity provider, back to
 * `callbackUrl` signed in. next-auth's client posts the CSRF token and then
 * navigates, so the console's `form-action 'self'` never has to allow the
 * provider.
 */
export function SsoSignInButton({
  displayName,
  callbackUrl,
  divider = false,
  className,
  ...props
}: { displayName: string; callbackUrl: string; divider?: boolean } & Omit<ButtonProps, "onClick" | "children">) {
  const hydrated = useHydrated();
  const [pending, setPending] = useState(false);
  const button = (
    <Button
      variant="outline"
      {...props}
      className={cn("w-full", className)}
      loading={pending}
      disabled={!hydrated}
      onClick={() => {
        setPending(true);
        // Stays pending while the browser leaves for the provider; only a failure to get there gives the button back.
        signIn(OIDC_PROVIDER_ID, { callbackUrl }).catch(() => setPending(false));
      }}
    >
      <KeyRound aria-hidden />
      <span className="truncate">Sign in with {displayName}</span>
    </Button>
  );
  if (!divider) return button;
  return (
    <div className="grid gap-4">
      <p className="flex items-center gap-3 text-xs text-muted-foreground">
        <span aria-hidden className="h-px flex-1 bg-border" />
        or
        <span aria-hidden className="h-px flex-1 bg-border" />
      </p>
      {button}
    </div>
  );
}
