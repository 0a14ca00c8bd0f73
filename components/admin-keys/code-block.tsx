"use client";

import { CopyButton } from "@/components/ui/copy-button";

/** A shell command under a bar with a copy button; a long line scrolls inside the block, never the page. */
export function CommandBlock({ text, copyLabel, onCopied }: { text: string; copyLabel: string; onCopied?: () => void }) {
  return (
    <div className="min-w-0 rounded-md border bg-muted">
      <div className="flex items-center justify-between gap-2 border-b py-0.5 pr-0.5 pl-3">
        <span className="text-xs font-medium text-muted-foreground">Shell</span>
        <CopyButton value={text} label={copyLabel} onCopied={onCopied} />
      </div>
      {/* Focusable so a keyboard can scroll a long line (axe: scrollable-region-focusable). */}
      <pre
        tabIndex={0}
        className="max-w-full overflow-x-auto rounded-b-md p-3 font-mono text-xs leading-relaxed focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-hidden"
      >
        <code>{text}</code>
      </pre>
    </div>
  );
}
