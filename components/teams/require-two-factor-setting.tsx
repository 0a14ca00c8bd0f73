"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { setTwoFactorRequirement } from "@/lib/actions/teams/set-two-factor-requirement";
import { cn } from "@/lib/utils";

type Props = {
  teamId: string;
  teamName: string;
  required: boolean;
  /** Members (the caller included) without two-factor today. */
  membersWithout: number;
  /** Owners only; others see the setting read-only. The server refuses anyone else either way. */
  canEdit: boolean;
  youHaveTwoFactor: boolean;
};

function Switch({ checked, disabled, ...props }: React.ComponentProps<"button"> & { checked: boolean }) {
  return (
    <button
      type="button"
      role="switch"
      aria-checked={checked}
      disabled={disabled}
      className={cn(
        "relative inline-flex h-6 w-11 shrink-0 cursor-pointer items-center rounded-full border-2 border-transparent transition-colors",
        "focus-visible:outline-hidden focus-visible:ring-2 focus-visible:ring-ring focus-visible:ring-offset-2 focus-visible:ring-offset-background",
        "disabled:cursor-not-allowed disabled:opacity-50",
        checked ? "bg-primary" : "bg-input dark:bg-input/80",
      )}
      {...props}
    >
      <span
        aria-hidden
        className={cn(
          "pointer-events-none block size-5 rounded-full shadow-sm transition-transform",
          checked ? "translate-x-5 bg-primary-foreground" : "translate-x-0 bg-background dark:bg-foreground",
        )}
      />
    </button>
  );
}

export function RequireTwoFactorSetting({ teamId, teamName, required, membersWithout, canEdit, youHaveTwoFactor }: Props) {
  const router = useRouter();
  const label = "Require two-factor authentication";
  const others = membersWithout === 1 ? "1 member doesn't" : `${membersWithout} members don't`;
  const blockedForYou = canEdit && !required && !youHaveTwoFactor;

  return (
    <div className="grid gap-3">
      <div className="flex items-start justify-between gap-4">
        <div className="grid gap-1">
          <p id="require-two-factor-label" className="text-sm font-medium">
            {label}
          </p>
          <p className="text-sm text-muted-foreground" data-testid="two-factor-members">
            {required
              ? membersWithout === 0
                ? "Required. Every member has two-factor on; members who join later must turn it on before they can open this team."
                : `Required. ${others} have it yet: they are sent to their account page to set it up before they can open this team.`
              : membersWithout === 0
                ? "Every member has two-factor on."
                : `${others} have two-factor on yet.`}
          </p>
        </div>
        {canEdit && !blockedForYou ? (
          <ConfirmDialog
            trigger={<Switch checked={required} aria-labelledby="require-two-factor-label" />}
            title={required ? "Stop requiring two-factor?" : `Require two-factor for ${teamName}?`}
            description={
              required
                ? "Members will be able to open the team without two-factor authentication. Those who have it keep it."
                : membersWithout === 0
                  ? "Every member has it on already. Members who join later must turn it on before they can open the team."
                  : `${others} have it yet: from their next page or action they are sent to their account page to set it up, and can't open ${teamName} until they do. Their API keys keep working.`
            }
            confirmLabel={required ? "Stop requiring" : "Require two-factor"}
            destructive={required}
            action={() => setTwoFactorRequirement({ teamId, required: !required })}
            onSuccess={() => router.refresh()}
          />
        ) : (
          <Switch checked={required} disabled aria-labelledby="require-two-factor-label" />
        )}
      </div>
      {blockedForYou && (
        <p className="text-sm text-muted-foreground">
          Turn on two-factor for your own account first, on{" "}
          <Link href="/account#two-factor" className="font-medium text-primary hover:underline dark:text-ring">
            your account page
          </Link>
          .
        </p>
      )}
      {!canEdit && <p className="text-xs text-muted-foreground">Only owners can change this.</p>}
    </div>
  );
}
