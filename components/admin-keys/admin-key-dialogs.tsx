"use client";

import { Plus } from "lucide-react";
import { createContext, useCallback, useContext, useMemo, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { CreateAdminKeyDialog } from "./create-admin-key-dialog";
import { RevokeAdminKeyDialog, type AdminKeyTarget } from "./revoke-admin-key-dialog";

type AdminKeyDialogs = {
  openCreate: (opener: HTMLElement) => void;
  openRevoke: (target: AdminKeyTarget, opener: HTMLElement) => void;
};

const AdminKeyDialogsContext = createContext<AdminKeyDialogs | null>(null);

/**
 * Owns the page's dialogs above the switch between its empty state and its list: creating the
 * first key replaces the empty state (and the button that opened the dialog) with the list,
 * and the one-time secret must survive that. Focus returns to the opener, or to the page's
 * create button when the opener is gone.
 */
export function AdminKeyDialogsProvider({ teamId, baseUrl, children }: { teamId: string; baseUrl: string; children: React.ReactNode }) {
  const [createOpen, setCreateOpen] = useState(false);
  const [target, setTarget] = useState<AdminKeyTarget | null>(null);
  const [revokeOpen, setRevokeOpen] = useState(false);
  const opener = useRef<HTMLElement | null>(null);

  const value = useMemo<AdminKeyDialogs>(
    () => ({
      openCreate: (from) => {
        opener.current = from;
        setCreateOpen(true);
      },
      openRevoke: (next, from) => {
        opener.current = from;
        setTarget(next);
        setRevokeOpen(true);
      },
    }),
    [],
  );

  const returnFocus = useCallback((event: Event) => {
    const fallback = document.querySelector<HTMLElement>("[data-create-admin-key]");
    const element = [opener.current, fallback].find((el) => el?.isConnected && !el.matches(":disabled"));
    if (!element) return;
    event.preventDefault();
    element.focus();
  }, []);

  return (
    <AdminKeyDialogsContext.Provider value={value}>
      {children}
      <CreateAdminKeyDialog teamId={teamId} baseUrl={baseUrl} open={createOpen} onOpenChange={setCreateOpen} onCloseAutoFocus={returnFocus} />
      {target && (
        <RevokeAdminKeyDialog
          key={target.id}
          teamId={teamId}
          target={target}
          open={revokeOpen}
          onOpenChange={setRevokeOpen}
          onCloseAutoFocus={returnFocus}
        />
      )}
    </AdminKeyDialogsContext.Provider>
  );
}

export function CreateAdminKeyButton({ label = "Create admin key" }: { label?: string }) {
  const dialogs = useContext(AdminKeyDialogsContext);
  if (!dialogs) return null;
  return (
    <Button data-create-admin-key onClick={(event) => dialogs.openCreate(event.currentTarget)}>
      <Plus aria-hidden />
      {label}
    </Button>
  );
}

export function RevokeAdminKeyButton({ target, className }: { target: AdminKeyTarget; className?: string }) {
  const dialogs = useContext(AdminKeyDialogsContext);
  if (!dialogs) return null;
  return (
    <Button
      variant="outline"
      size="sm"
      className={className}
      aria-label={`Revoke ${target.name}`}
      onClick={(event) => dialogs.openRevoke(target, event.currentTarget)}
    >
      Revoke
    </Button>
  );
}
