"use client";

import { useId, useState } from "react";
import type { ActionResult } from "@/lib/actions/action";
import { Button } from "./button";
import {
  Dialog,
  DialogClose,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "./dialog";
import { Input } from "./input";
import { Label } from "./label";
import { useAction, type UseActionOptions } from "./use-action";

type ConfirmCommon = {
  /** A single focusable element (usually a <Button>); rendered via Radix `asChild`. */
  trigger: React.ReactElement;
  title: React.ReactNode;
  description?: React.ReactNode;
  confirmLabel?: string;
  cancelLabel?: string;
  destructive?: boolean;
  /** When set, the user must type this exactly before confirming. */
  requireText?: string;
};

export type ConfirmDialogProps<T> = ConfirmCommon &
  (
    | ({
        /** The server action call being confirmed, made through useAction: the dialog closes on success and stays open with the error otherwise. */
        action: () => Promise<ActionResult<T>>;
        onConfirm?: never;
        /** Runs before the dialog closes, e.g. to navigate away. */
        onSuccess?: (data: T) => unknown;
      } & Pick<UseActionOptions<T>, "successToast" | "keepPendingOnSuccess">)
    | {
        /** Local work only (no server action). Dialog closes when this resolves; if it throws, it stays open and shows the message. */
        onConfirm: () => Promise<unknown> | unknown;
        action?: never;
        onSuccess?: never;
        successToast?: never;
        keepPendingOnSuccess?: never;
      }
  );

async function runLocal(work: () => Promise<unknown> | unknown): Promise<ActionResult<null>> {
  try {
    await work();
    return { ok: true, data: null };
  } catch (err) {
    return { ok: false, code: "INTERNAL", error: err instanceof Error && err.message ? err.message : "Something went wrong. Please try again." };
  }
}

export function ConfirmDialog<T>({
  trigger,
  title,
  description,
  confirmLabel = "Confirm",
  cancelLabel = "Cancel",
  destructive = false,
  requireText,
  ...call
}: ConfirmDialogProps<T>) {
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState("");
  const inputId = useId();
  const confirm = useAction<void, T | null>(() => (call.action ? call.action() : runLocal(call.onConfirm)), {
    successToast: call.successToast as UseActionOptions<T | null>["successToast"],
    keepPendingOnSuccess: call.keepPendingOnSuccess,
    onSuccess: async (data) => {
      await call.onSuccess?.(data as T);
      setOpen(false);
      setTyped("");
    },
  });
  const pending = confirm.pending;

  const canConfirm = !pending && (requireText === undefined || typed === requireText);

  function handleOpenChange(next: boolean) {
    // Closing mid-request would hide the outcome of a destructive action.
    if (pending) return;
    setOpen(next);
    if (!next) {
      setTyped("");
      confirm.reset();
    }
  }

  function handleSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!canConfirm) return;
    void confirm.execute();
  }

  return (
    <Dialog open={open} onOpenChange={handleOpenChange}>
      <DialogTrigger asChild>{trigger}</DialogTrigger>
      <DialogContent showCloseButton={!pending}>
        <form onSubmit={handleSubmit} className="grid gap-4">
          <DialogHeader>
            <DialogTitle>{title}</DialogTitle>
            {description ? (
              <DialogDescription>{description}</DialogDescription>
            ) : (
              <DialogDescription className="sr-only">Confirm this action</DialogDescription>
            )}
          </DialogHeader>

          {requireText !== undefined && (
            <div className="grid gap-2">
              <Label htmlFor={inputId} className="block leading-normal font-normal text-muted-foreground">
                Type <span className="font-mono font-semibold text-foreground">{requireText}</span> to confirm.
              </Label>
              <Input
                id={inputId}
                value={typed}
                onChange={(e) => setTyped(e.target.value)}
                autoComplete="off"
                autoCapitalize="off"
                spellCheck={false}
                disabled={pending}
              />
            </div>
          )}

          {confirm.formError && (
            <p role="alert" className="text-sm font-medium text-destructive">
              {confirm.formError}
            </p>
          )}

          <DialogFooter>
            <DialogClose asChild>
              <Button variant="outline" disabled={pending}>
                {cancelLabel}
              </Button>
            </DialogClose>
            <Button type="submit" variant={destructive ? "destructive" : "default"} disabled={!canConfirm} loading={pending}>
              {confirmLabel}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
