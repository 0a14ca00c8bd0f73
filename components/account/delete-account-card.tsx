"use client";

import { Trash2 } from "lucide-react";
import { signOut } from "next-auth/react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { fieldDescribedBy, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { useAction } from "@/components/ui/use-action";
import { deleteAccount } from "@/lib/actions/account/profile";
import { SignInAgain } from "./password-card";

type Props = {
  email: string;
  hasPassword: boolean;
  signedInRecently: boolean;
  /** Teams the user is the only owner of: deletion is refused until each has another owner or is deleted. */
  soleOwnerOf: { id: string; name: string; slug: string }[];
  soleOperator: boolean;
};

export function DeleteAccountCard(props: Props) {
  const { soleOwnerOf, soleOperator } = props;
  const blocked = soleOwnerOf.length > 0 || soleOperator;
  return (
    <Card className="border-destructive/40" data-testid="delete-account-card">
      <CardHeader className="pb-6">
        <CardTitle className="text-destructive">Delete account</CardTitle>
        <CardDescription>
          Deleting your account removes you from every team, signs out every browser and erases your sessions and account activity. API keys
          you created belong to their teams and keep working. This cannot be undone.
        </CardDescription>
      </CardHeader>
      <CardFooter className="flex-col items-stretch gap-3 border-destructive/20 sm:flex-row sm:items-center sm:justify-between">
        <div className="grid gap-2 text-xs text-muted-foreground">
          {soleOwnerOf.length > 0 && (
            <>
              <p>
                You are the last owner of {soleOwnerOf.length === 1 ? "this team" : "these teams"}. Make another member an owner, or delete the team,
                first:
              </p>
              <ul className="grid gap-1" aria-label="Teams you are the last owner of">
                {soleOwnerOf.map((team) => (
                  <li key={team.id} className="flex flex-wrap items-baseline gap-x-2">
                    <span className="font-medium break-all text-foreground">{team.name}</span>
                    <Link href={`/${team.slug}/members`} className="underline underline-offset-2 hover:text-foreground">
                      Members
                    </Link>
                    <Link href={`/${team.slug}/settings`} className="underline underline-offset-2 hover:text-foreground">
                      Settings
                    </Link>
                  </li>
                ))}
              </ul>
            </>
          )}
          {soleOperator && (
            <p>
              You are this install&apos;s only operator. Add another operator&apos;s address to <code className="font-mono">GATEHOUSE_OPERATORS</code>{" "}
              (their account must exist) first.
            </p>
          )}
          {!blocked && <p>You will be signed out at once.</p>}
        </div>
        {blocked ? (
          <Button variant="destructive" disabled className="self-end sm:self-auto">
            <Trash2 aria-hidden />
            Delete account
          </Button>
        ) : (
          <DeleteAccountDialog {...props} />
        )}
      </CardFooter>
    </Card>
  );
}

function DeleteAccountDialog({ email, hasPassword, signedInRecently }: Props) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [secret, setSecret] = useState("");
  const [stale, setStale] = useState(!hasPassword && !signedInRecently);
  const remove = useAction(deleteAccount, {
    keepPendingOnSuccess: true,
    onError: (failure) => setStale(failure.code === "FORBIDDEN"),
    onSuccess: async () => {
      // The session is already gone with the account; this drops the cookie.
      await signOut({ redirect: false });
      router.replace("/sign-in");
      router.refresh();
    },
  });
  const { pending, fieldErrors, formError } = remove;
  const field = hasPassword ? "password" : "confirmEmail";
  const error = fieldErrors[field];

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        if (pending) return;
        setOpen(next);
        if (!next) {
          setSecret("");
          remove.reset();
        }
      }}
    >
      <DialogTrigger asChild>
        <Button variant="destructive" className="self-end sm:self-auto">
          <Trash2 aria-hidden />
          Delete account…
        </Button>
      </DialogTrigger>
      <DialogContent showCloseButton={!pending}>
        {stale ? (
          <>
            <DialogHeader>
              <DialogTitle>Sign in again first</DialogTitle>
              <DialogDescription className="sr-only">Deleting an account needs a recent sign-in.</DialogDescription>
            </DialogHeader>
            <SignInAgain message="For your security, deleting an account without a password needs a sign-in from the last 15 minutes. Sign in again with single sign-on, then come back here." />
          </>
        ) : (
          <form
            ref={remove.formRef}
            noValidate
            className="grid gap-4"
            onSubmit={(event) => {
              event.preventDefault();
              if (!secret) return;
              void remove.execute(hasPassword ? { password: secret } : { confirmEmail: secret });
            }}
          >
            <DialogHeader>
              <DialogTitle>Delete your account?</DialogTitle>
              <DialogDescription>
                You will leave every team and be signed out everywhere. Keys you created keep working for their teams. This cannot be undone.
              </DialogDescription>
            </DialogHeader>
            {hasPassword ? (
              <FormField label="Your password" htmlFor="delete-password" error={error}>
                <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
                <Input
                  id="delete-password"
                  type="password"
                  autoComplete="current-password"
                  value={secret}
                  onChange={(e) => setSecret(e.target.value)}
                  disabled={pending}
                  aria-invalid={!!error || undefined}
                  aria-describedby={fieldDescribedBy("delete-password", { error })}
                />
              </FormField>
            ) : (
              <FormField
                label={
                  <span className="block leading-normal font-normal text-muted-foreground">
                    Type <span className="font-mono font-semibold break-all text-foreground">{email}</span> to confirm.
                  </span>
                }
                htmlFor="delete-confirm-email"
                error={error}
              >
                <Input
                  id="delete-confirm-email"
                  value={secret}
                  onChange={(e) => setSecret(e.target.value)}
                  autoComplete="off"
                  autoCapitalize="off"
                  spellCheck={false}
                  disabled={pending}
                  aria-invalid={!!error || undefined}
                  aria-describedby={fieldDescribedBy("delete-confirm-email", { error })}
                />
              </FormField>
            )}
            {formError && (
              <p role="alert" className="text-sm font-medium text-destructive">
                {formError}
              </p>
            )}
            <DialogFooter>
              <DialogClose asChild>
                <Button variant="outline" disabled={pending}>
                  Cancel
                </Button>
              </DialogClose>
              <Button type="submit" variant="destructive" disabled={!secret || pending} loading={pending}>
                Delete account
              </Button>
            </DialogFooter>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}
