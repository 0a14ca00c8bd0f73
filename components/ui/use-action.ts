"use client";

import { useCallback, useEffect, useLayoutEffect, useRef, useState } from "react";
import type { ActionResult } from "@/lib/actions/action";
import { toast } from "./toast";

export const NETWORK_ERROR_MESSAGE = "Couldn't reach Gatehouse. Check your connection and try again.";
export const UNEXPECTED_RESPONSE_MESSAGE = "Gatehouse couldn't complete that request. Reload the page and try again.";

/** What a call can end in: the server's answer, or the client's own when no answer came back. */
export type ActionFailure =
  | Extract<ActionResult, { ok: false }>
  | { ok: false; code: "NETWORK"; error: string; fieldErrors?: undefined };
export type ActionOutcome<T> = Extract<ActionResult<T>, { ok: true }> | ActionFailure;

export type UseActionOptions<T> = {
  /** Runs after a successful call; the call stays pending until it settles. */
  onSuccess?: (data: T, result: Extract<ActionResult<T>, { ok: true }>) => unknown;
  onError?: (failure: ActionFailure) => void;
  /** Success toast: the server's message by default; a string or function to say it better; false for none. */
  successToast?: false | string | ((data: T, message: string | undefined) => string | null);
  /** Toast failures that no field shows (default true). */
  errorToast?: boolean;
  /** Stay pending after success, e.g. while navigating away, so the button cannot be pressed twice. */
  keepPendingOnSuccess?: boolean;
};

/** fetch() rejects with a TypeError when the request never got an answer (offline, server down or restarting). */
function isNetworkError(error: unknown): boolean {
  if (typeof navigator !== "undefined" && navigator.onLine === false) return true;
  return error instanceof TypeError && /fetch|network|load failed/i.test(error.message);
}

function isActionResult(value: unknown): value is ActionResult<unknown> {
  return typeof value === "object" && value !== null && typeof (value as { ok?: unknown }).ok === "boolean";
}

type FocusIntent = { kind: "invalid"; message: string } | { kind: "restore"; element: HTMLElement } | null;

/**
 * The one way a client component calls a server action. Every call ends in
 * something the user sees (a toast, field errors or the caller's own UI),
 * with the form usable again:
 * - `pending` is true while the call runs; a second call meanwhile is ignored;
 * - field errors go to `fieldErrors` (the caller keeps what was typed) and the
 *   first invalid control inside `formRef` gets focus; errors no field shows
 *   are toasted and put in `formError`;
 * - a network failure or an unreadable answer becomes a failure with a clear message;
 * - focus that the pending state took away (a disabled button drops it to
 *   <body>) goes back where it was.
 */
export function useAction<I, T>(action: (input: I) => Promise<ActionResult<T>>, options: UseActionOptions<T> = {}) {
  const [pending, setPending] = useState(false);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [settled, setSettled] = useState(0);
  const formRef = useRef<HTMLFormElement | null>(null);
  const inFlight = useRef(false);
  const focusIntent = useRef<FocusIntent>(null);
  // The latest callbacks, so `execute` can stay stable while callers pass inline options.
  const latest = useRef({ action, options });
  useLayoutEffect(() => {
    latest.current = { action, options };
  });

  useEffect(() => {
    const intent = focusIntent.current;
    if (!intent) return;
    focusIntent.current = null;
    if (intent.kind === "invalid") {
      const invalid = formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
      if (invalid) {
        invalid.focus();
        return;
      }
      // The server named a field this form does not show: say it anyway.
      setFormError(intent.message);
      if (latest.current.options.errorToast !== false) toast.error(intent.message);
      return;
    }
    const active = document.activeElement;
    if ((!active || active === document.body) && intent.element.isConnected) intent.element.focus();
  }, [settled]);

  const execute = useCallback(async (input: I): Promise<ActionOutcome<T> | null> => {
    if (inFlight.current) return null;
    inFlight.current = true;
    const { action: run, options: opts } = latest.current;
    const startedFrom = typeof document !== "undefined" ? document.activeElement : null;
    setPending(true);
    setFormError(null);
    setFieldErrors({});

    let outcome: ActionOutcome<T>;
    try {
      const result: unknown = await run(input);
      if (!isActionResult(result)) throw new Error("Server action returned no result");
      outcome = result as ActionOutcome<T>;
    } catch (error) {
      const network = isNetworkError(error);
      if (!network) console.error("[action] call failed", error);
      outcome = { ok: false, code: network ? "NETWORK" : "INTERNAL", error: network ? NETWORK_ERROR_MESSAGE : UNEXPECTED_RESPONSE_MESSAGE };
    }

    let keepPending = false;
    if (outcome.ok) {
      const custom = opts.successToast;
      const message =
        custom === false ? null : typeof custom === "function" ? custom(outcome.data, outcome.message) : (custom ?? outcome.message);
      if (message) toast.success(message);
      try {
        await opts.onSuccess?.(outcome.data, outcome);
        keepPending = !!opts.keepPendingOnSuccess;
      } catch (error) {
        console.error("[action] onSuccess failed", error);
      }
    } else {
      const fields = outcome.fieldErrors && Object.keys(outcome.fieldErrors).length > 0 ? outcome.fieldErrors : null;
      if (fields) {
        setFieldErrors(fields);
        focusIntent.current = { kind: "invalid", message: outcome.error };
      } else {
        setFormError(outcome.error);
        // One network toast at a time, however often the user retries.
        if (opts.errorToast !== false) toast.error(outcome.error, outcome.code === "NETWORK" ? { id: "action-network" } : undefined);
      }
      opts.onError?.(outcome);
    }

    if (!focusIntent.current && startedFrom instanceof HTMLElement && startedFrom !== document.body) {
      focusIntent.current = { kind: "restore", element: startedFrom };
    }
    inFlight.current = keepPending;
    if (!keepPending) setPending(false);
    setSettled((n) => n + 1);
    return outcome;
  }, []);

  const reset = useCallback(() => {
    setFieldErrors({});
    setFormError(null);
  }, []);

  return { execute, pending, fieldErrors, formError, formRef, reset };
}
