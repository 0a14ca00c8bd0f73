"use client";

import { useRouter } from "next/navigation";
import { Button, type ButtonProps } from "@/components/ui/button";
import { useAction } from "@/components/ui/use-action";
import { resendVerification } from "@/lib/actions/account/email";

/** Sends a new confirmation link (the older one stops working); the server throttles it. */
export function ResendVerificationButton({ children = "Resend link", ...props }: Omit<ButtonProps, "onClick" | "loading">) {
  const router = useRouter();
  const resend = useAction(resendVerification, {
    onSuccess: (data) => {
      if (!data.sent) router.refresh();
    },
  });
  return (
    <Button {...props} loading={resend.pending} onClick={() => void resend.execute({})}>
      {children}
    </Button>
  );
}
