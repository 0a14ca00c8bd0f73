"use client";

import { ChevronDown, Terminal } from "lucide-react";
import { useId, useRef, useState } from "react";
import { CodeBlock } from "@/components/ui/code-block";
import { CopyButton } from "@/components/ui/copy-button";
import { gatewaySnippets, KEY_ENV, type SnippetId, type SnippetInput } from "@/lib/keys/gateway-snippet";
import { cn } from "@/lib/utils";

export type GatewaySnippetProps = Omit<SnippetInput, "secret">;

/** The base URL on one line, copyable: what every SDK and Claude Code needs. */
export function GatewayBaseUrl({ baseUrl }: { baseUrl: string }) {
  return (
    <div className="flex min-w-0 items-center gap-2 rounded-md border bg-muted/50 py-1 pr-1 pl-3">
      <span className="shrink-0 text-xs font-medium text-muted-foreground">Base URL</span>
      <code data-testid="gateway-base-url" className="min-w-0 flex-1 truncate font-mono text-sm" title={baseUrl}>
        {baseUrl}
      </code>
      <CopyButton value={baseUrl} label="Copy base URL" />
    </div>
  );
}

/**
 * TypeScript, Python and Claude Code as an ARIA tab list (arrow keys, Home and
 * End move between tabs), each with its shell commands and code. With
 * `secret` (the new-key dialog only), the shell part starts with its export,
 * and copying it counts as having saved the secret.
 */
export function GatewaySnippetTabs({ secret, onSecretCopied, ...input }: GatewaySnippetProps & { secret?: string; onSecretCopied?: () => void }) {
  const id = useId();
  const snippets = gatewaySnippets({ ...input, secret });
  const [selected, setSelected] = useState<SnippetId>("typescript");
  const tabs = useRef<(HTMLButtonElement | null)[]>([]);

  function onKeyDown(event: React.KeyboardEvent, index: number) {
    const last = snippets.length - 1;
    const next =
      event.key === "ArrowRight" ? (index === last ? 0 : index + 1)
      : event.key === "ArrowLeft" ? (index === 0 ? last : index - 1)
      : event.key === "Home" ? 0
      : event.key === "End" ? last
      : null;
    if (next === null) return;
    event.preventDefault();
    tabs.current[next]?.focus();
    setSelected(snippets[next].id);
  }

  return (
    <div className="grid min-w-0 gap-3">
      <div role="tablist" aria-label="Call the gateway from" className="inline-flex h-9 w-fit max-w-full items-center gap-0.5 overflow-x-auto rounded-md border bg-muted p-0.5">
        {snippets.map((s, i) => {
          const active = s.id === selected;
          return (
            <button
              key={s.id}
              ref={(el) => {
                tabs.current[i] = el;
              }}
              id={`${id}-tab-${s.id}`}
              type="button"
              role="tab"
              aria-selected={active}
              aria-controls={`${id}-panel-${s.id}`}
              tabIndex={active ? 0 : -1}
              onClick={() => setSelected(s.id)}
              onKeyDown={(e) => onKeyDown(e, i)}
              className={cn(
                "h-full shrink-0 cursor-pointer rounded px-3 text-xs font-medium whitespace-nowrap transition-colors",
                "focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-hidden",
                active ? "bg-background text-foreground shadow-xs dark:bg-card" : "text-muted-foreground hover:text-foreground",
              )}
            >
              {s.label}
            </button>
          );
        })}
      </div>
      {snippets.map((s) => (
        <div
          key={s.id}
          id={`${id}-panel-${s.id}`}
          role="tabpanel"
          aria-labelledby={`${id}-tab-${s.id}`}
          hidden={s.id !== selected}
          className="grid min-w-0 gap-2"
        >
          <CodeBlock
            text={s.shell}
            label="Shell"
            copyLabel={s.code ? `Copy ${s.label} setup commands` : `Copy ${s.label} commands`}
            onCopied={secret ? onSecretCopied : undefined}
          />
          {s.code && <CodeBlock text={s.code.text} label={s.label} copyLabel={`Copy ${s.label} code`} />}
        </div>
      ))}
    </div>
  );
}

export type GatewayCardProps = GatewaySnippetProps & {
  /** Open at first, and drawn to the eye: for a key with no traffic yet. Otherwise a collapsed disclosure. */
  prominent: boolean;
  /** Where the secret comes from, e.g. which key's it is (never the secret itself); for variant "key". */
  keyHint?: React.ReactNode;
  /** For the keys list: a shorter explanation, no particular key. */
  variant?: "key" | "list";
};

/**
 * "Call the gateway": the base URL and the snippets, on a key's page (open
 * until the key has traffic) and under the keys list (collapsed). Read-only,
 * so every role sees it.
 */
export function GatewayCard({ prominent, keyHint, variant = "key", ...input }: GatewayCardProps) {
  const id = useId();
  const [open, setOpen] = useState(prominent);
  return (
    <section
      aria-labelledby={`${id}-title`}
      className={cn("min-w-0 rounded-lg border bg-card text-card-foreground shadow-xs", prominent && "border-primary/40 dark:border-ring/40")}
    >
      <h2 id={`${id}-title`} className="text-base font-semibold">
        <button
          type="button"
          aria-expanded={open}
          aria-controls={`${id}-body`}
          onClick={() => setOpen(!open)}
          className="flex w-full cursor-pointer items-center justify-between gap-3 rounded-lg px-4 pt-3 pb-1 text-left focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-hidden"
        >
          <span className="flex items-center gap-2">
            <Terminal aria-hidden className="size-4 shrink-0 text-muted-foreground" />
            Call the gateway
          </span>
          <ChevronDown aria-hidden className={cn("size-4 shrink-0 text-muted-foreground transition-transform", open && "rotate-180")} />
        </button>
      </h2>
      <p className="px-4 pb-3 text-sm break-words text-muted-foreground">
        {variant === "list"
          ? "Apps call the Messages API through Gatehouse with one of these keys as their API key: the official Anthropic SDKs and Claude Code work unchanged."
          : "Point the official Anthropic SDK or Claude Code at Gatehouse with this key as the API key."}
        {/* Folded, the one thing to know stays in sight; open, the row below has it with a copy button. */}
        {!open && (
          <>
            {" "}
            Base URL: <code className="font-mono text-xs text-foreground">{input.baseUrl}</code>
          </>
        )}
      </p>
      <div id={`${id}-body`} hidden={!open} className="grid min-w-0 gap-4 border-t p-4">
        <GatewayBaseUrl baseUrl={input.baseUrl} />
        <p className="text-sm text-muted-foreground">
          The snippets read the key from <code className="font-mono text-xs text-foreground">{KEY_ENV}</code>:{" "}
          {variant === "list" ? "set it to the secret of one of these keys, shown once when the key was created" : (keyHint ?? "set it to this key's secret")}.{" "}
          {variant === "list"
            ? "Every request is checked against its key's policy and shows on the key's page within seconds."
            : "Every request is checked against this key's policy and shows on this page within seconds."}
        </p>
        <GatewaySnippetTabs {...input} />
      </div>
    </section>
  );
}

/** The new-key dialog's part: the same snippets, carrying the secret only in their first export line. */
export function GatewayRevealSnippets({ secret, onCopied, ...input }: GatewaySnippetProps & { secret: string; onCopied: () => void }) {
  const id = useId();
  return (
    <section aria-labelledby={`${id}-title`} className="grid min-w-0 gap-3">
      <div className="grid gap-1">
        <h3 id={`${id}-title`} className="text-sm font-semibold">
          Call the gateway
        </h3>
        <p className="text-sm text-muted-foreground">
          The official Anthropic SDKs and Claude Code work with this key as their API key. The first line of each
          snippet sets it for your shell; the code reads it from <code className="font-mono text-xs text-foreground">{KEY_ENV}</code>.
        </p>
      </div>
      <GatewayBaseUrl baseUrl={input.baseUrl} />
      <GatewaySnippetTabs {...input} secret={secret} onSecretCopied={onCopied} />
    </section>
  );
}
