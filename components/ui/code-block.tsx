"use client";

import { CopyButton } from "@/components/ui/copy-button";
import { cn } from "@/lib/utils";

export type CodeBlockProps = {
  text: string;
  /** Named in the bar: the language ("Shell", "Python") or what the text is ("Payload (JSON)"). */
  label: string;
  copyLabel: string;
  onCopied?: () => void;
  className?: string;
  /** Tall text (a JSON payload) scrolls inside a block at most 24rem high. */
  capHeight?: boolean;
};

/**
 * Code under a bar naming it, with a copy button: long lines scroll inside the block (never the
 * page, never under the button). The gateway snippets, the Admin API example and webhook payloads.
 */
export function CodeBlock({ text, label, copyLabel, onCopied, className, capHeight = false }: CodeBlockProps) {
  return (
    <div className={cn("min-w-0 rounded-md border bg-muted", className)}>
      <div className="flex items-center justify-between gap-2 border-b py-0.5 pr-0.5 pl-3">
        <span className="text-xs font-medium text-muted-foreground">{label}</span>
        <CopyButton value={text} label={copyLabel} onCopied={onCopied} />
      </div>
      {/* Focusable so a keyboard can scroll a long line (axe: scrollable-region-focusable). */}
      <pre
        tabIndex={0}
        className={cn(
          "max-w-full rounded-b-md p-3 font-mono text-xs leading-relaxed focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-hidden",
          capHeight ? "max-h-96 overflow-auto" : "overflow-x-auto",
        )}
      >
        <code>{text}</code>
      </pre>
    </div>
  );
}
