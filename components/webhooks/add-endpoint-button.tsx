"use client";

import { Plus } from "lucide-react";
import { createContext, useCallback, useContext, useMemo, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { AddEndpointDialog } from "./add-endpoint-dialog";

const AddEndpointContext = createContext<((opener: HTMLElement) => void) | null>(null);

/**
 * Owns the add dialog above the switch between the empty state and the list: adding the first
 * endpoint replaces the empty state (and the button that opened the dialog), and the one-time
 * secret must survive that. Focus returns to the opener, or to the page's add button.
 */
export function AddEndpointProvider({ teamId, children }: { teamId: string; children: React.ReactNode }) {
  const [open, setOpen] = useState(false);
  const opener = useRef<HTMLElement | null>(null);
  const openAdd = useCallback((from: HTMLElement) => {
    opener.current = from;
    setOpen(true);
  }, []);
  const returnFocus = useCallback((event: Event) => {
    const fallback = document.querySelector<HTMLElement>("[data-add-endpoint]");
    const element = [opener.current, fallback].find((el) => el?.isConnected && !el.matches(":disabled"));
    if (!element) return;
    event.preventDefault();
    element.focus();
  }, []);
  const value = useMemo(() => openAdd, [openAdd]);
  return (
    <AddEndpointContext.Provider value={value}>
      {children}
      <AddEndpointDialog teamId={teamId} open={open} onOpenChange={setOpen} onCloseAutoFocus={returnFocus} />
    </AddEndpointContext.Provider>
  );
}

export function AddEndpointButton({ label = "Add endpoint", disabledReason }: { label?: string; disabledReason?: string }) {
  const openAdd = useContext(AddEndpointContext);
  if (!openAdd) return null;
  return (
    <div className="grid justify-items-start gap-1 sm:justify-items-end">
      <Button data-add-endpoint disabled={!!disabledReason} onClick={(event) => openAdd(event.currentTarget)}>
        <Plus aria-hidden />
        {label}
      </Button>
      {disabledReason && <p className="max-w-64 text-xs text-muted-foreground sm:text-right">{disabledReason}</p>}
    </div>
  );
}
