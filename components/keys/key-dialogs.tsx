"use client";

import { Plus } from "lucide-react";
import { createContext, useCallback, useContext, useMemo, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { CreateKeyDialog } from "./create-key-dialog";
import { RevokeKeyDialog } from "./revoke-key-dialog";
import { RotateKeyDialog } from "./rotate-key-dialog";

export type KeyActionTarget = { id: string; name: string; masked: string; rotating: boolean };
export type KeyAction = "rotate" | "revoke";

type KeyDialogs = {
  openCreate: (opener: HTMLElement) => void;
  openKeyAction: (action: KeyAction, target: KeyActionTarget, opener: HTMLElement | null) => void;
  /** Create buttons register here so focus has somewhere to return when the one used is gone. */
  registerCreateButton: (button: HTMLButtonElement) => () => void;
};

const KeyDialogsContext = createContext<KeyDialogs | null>(null);

export function useKeyDialogs(): KeyDialogs | null {
  return useContext(KeyDialogsContext);
}

/** Focuses `preferred` if it is still on the page, else the first of `fallbacks` that is. */
function refocus(event: Event, preferred: HTMLElement | null, fallbacks: Iterable<HTMLElement> = []) {
  const target = [preferred, ...fallbacks].find((el) => el?.isConnected && !el.matches(":disabled"));
  if (!target) return;
  event.preventDefault();
  target.focus();
}

/**
 * Owns every key dialog of the keys page, above the switch between its empty
 * state and its table. Creating the first key replaces the empty state (and
 * its button) with the table; rotating or revoking can drop a row from a
 * filtered list. The dialogs, and the one-time secrets they show, live here so
 * neither can take them along.
 */
export function KeyDialogsProvider({
  teamId,
  gateway,
  children,
}: {
  teamId: string;
  /** For the new-key dialog's "Call the gateway" snippets. */
  gateway: { baseUrl: string; model: string };
  children: React.ReactNode;
}) {
  const [createOpen, setCreateOpen] = useState(false);
  const [keyAction, setKeyAction] = useState<{ action: KeyAction; target: KeyActionTarget } | null>(null);
  const [keyActionOpen, setKeyActionOpen] = useState(false);
  const opener = useRef<HTMLElement | null>(null);
  const createButtons = useRef(new Set<HTMLButtonElement>());

  const value = useMemo<KeyDialogs>(
    () => ({
      openCreate: (from) => {
        opener.current = from;
        setCreateOpen(true);
      },
      openKeyAction: (action, target, from) => {
        opener.current = from;
        setKeyAction({ action, target });
        setKeyActionOpen(true);
      },
      registerCreateButton: (button) => {
        createButtons.current.add(button);
        return () => createButtons.current.delete(button);
      },
    }),
    [],
  );

  const returnFocus = useCallback((event: Event) => refocus(event, opener.current, createButtons.current), []);

  return (
    <KeyDialogsContext.Provider value={value}>
      {children}
      <CreateKeyDialog teamId={teamId} open={createOpen} onOpenChange={setCreateOpen} onCloseAutoFocus={returnFocus} gateway={gateway} />
      {keyAction && (
        <RotateKeyDialog
          key={`rotate-${keyAction.target.id}`}
          teamId={teamId}
          keyId={keyAction.target.id}
          keyName={keyAction.target.name}
          maskedKey={keyAction.target.masked}
          open={keyActionOpen && keyAction.action === "rotate"}
          onOpenChange={setKeyActionOpen}
          onCloseAutoFocus={returnFocus}
        />
      )}
      {keyAction && (
        <RevokeKeyDialog
          key={`revoke-${keyAction.target.id}`}
          teamId={teamId}
          keyId={keyAction.target.id}
          keyName={keyAction.target.name}
          maskedKey={keyAction.target.masked}
          rotating={keyAction.target.rotating}
          open={keyActionOpen && keyAction.action === "revoke"}
          onOpenChange={setKeyActionOpen}
          onCloseAutoFocus={returnFocus}
        />
      )}
    </KeyDialogsContext.Provider>
  );
}

/** Opens the page's one create dialog; render inside KeyDialogsProvider, anywhere on the page. */
export function CreateKeyButton({ label = "Create key" }: { label?: string }) {
  const dialogs = useKeyDialogs();
  const register = dialogs?.registerCreateButton;
  const ref = useCallback((button: HTMLButtonElement | null) => (button && register ? register(button) : undefined), [register]);
  if (!dialogs) return null;
  return (
    <Button ref={ref} onClick={(event) => dialogs.openCreate(event.currentTarget)}>
      <Plus aria-hidden />
      {label}
    </Button>
  );
}
