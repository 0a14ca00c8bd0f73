"use client";

import { Check, Copy } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import { cn } from "@/lib/utils";
import { Button, type ButtonProps } from "./button";
import { toast } from "./toast";

/** navigator.clipboard only exists in secure contexts; self-hosted installs are often plain http. */
async function copyText(value: string) {
  if (typeof navigator !== "undefined" && navigator.clipboard && window.isSecureContext) {
    await navigator.clipboard.writeText(value);
    return;
  }
  const textarea = document.createElement("textarea");
  textarea.value = value;
  textarea.setAttribute("readonly", "");
  textarea.style.position = "fixed";
  textarea.style.top = "0";
  textarea.style.left = "0";
  textarea.style.opacity = "0";
  document.body.appendChild(textarea);
  textarea.select();
  try {
    if (!document.execCommand("copy")) throw new Error("Copy command was rejected");
  } finally {
    document.body.removeChild(textarea);
  }
}

export type CopyButtonProps = Omit<ButtonProps, "value" | "onClick" | "children"> & {
  value: string;
  label?: string;
  /** Optional visible text next to the icon; the icon-only form is the default. */
  children?: React.ReactNode;
  /** Called once the value is on the clipboard. */
  onCopied?: () => void;
};

export function CopyButton({
  value,
  label = "Copy",
  variant = "ghost",
  size,
  className,
  children,
  onCopied,
  ...props
}: CopyButtonProps) {
  const [copied, setCopied] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => () => clearTimeout(timer.current), []);

  async function handleClick() {
    try {
      await copyText(value);
      setCopied(true);
      onCopied?.();
      toast.success("Copied to clipboard");
      clearTimeout(timer.current);
      timer.current = setTimeout(() => setCopied(false), 2000);
    } catch {
      toast.error("Could not copy to clipboard");
    }
  }

  const Icon = copied ? Check : Copy;
  return (
    <Button
      variant={variant}
      size={size ?? (children ? "sm" : "icon")}
      aria-label={children ? undefined : label}
      title={label}
      onClick={handleClick}
      className={cn(!children && size === undefined && "size-8", className)}
      {...props}
    >
      <Icon aria-hidden className={cn(copied && "text-success")} />
      {children}
      <span className="sr-only" aria-live="polite">
        {copied ? "Copied" : ""}
      </span>
    </Button>
  );
}
