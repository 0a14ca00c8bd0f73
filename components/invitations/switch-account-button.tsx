"use client";

import { signOut } from "next-auth/react";
import { useState } from "react";
import { Button, type ButtonProps } from "@/components/ui/button";

/** Signs out, then opens `next` (sign-in or sign-up prefilled with the invited address). */
export function SwitchAccountButton({ next, children, ...props }: { next: string } & Omit<ButtonProps, "onClick">) {
  const [pending, setPending] = useState(false);
  return (
    <Button
      {...props}
      loading={pending}
      onClick={() => {
        setPending(true);
        void signOut({ callbackUrl: next });
      }}
    >
      {children}
    </Button>
  );
}
