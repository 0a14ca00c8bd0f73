"use client";

import { CopyButton } from "@/components/ui/copy-button";
import { cn } from "@/lib/utils";

/** Code or JSON under a bar naming it, with a copy button; long lines scroll inside the block, never the page. */
export function CodeSample({ label, text, copyLabel, className }: { label: string; text: string; copyLabel: string; className?: string }) {
  return (
    <div className={cn("min-w-0 rounded-md border bg-muted", className)}>
      <div className="flex items-center justify-between gap-2 border-b py-0.5 pr-0.5 pl-3">
        <span className="text-xs font-medium text-muted-foreground">{label}</span>
        <CopyButton value={text} label={copyLabel} />
      </div>
      {/* Focusable so a keyboard can scroll a long line (axe: scrollable-region-focusable). */}
      <pre
        tabIndex={0}
        className="max-h-96 max-w-full overflow-auto rounded-b-md p-3 font-mono text-xs leading-relaxed focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-hidden"
      >
        <code>{text}</code>
      </pre>
    </div>
  );
}
