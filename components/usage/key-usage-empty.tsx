import { Activity } from "lucide-react";
import { CopyButton } from "@/components/ui/copy-button";
import { EmptyState } from "@/components/ui/empty-state";

/**
 * Shown until a key has seen its first request. Those who manage keys see how
 * the provider's backend verifies one: with a service token (gks_…) the
 * provider issues, never with the key itself.
 */
export function KeyUsageEmpty({
  apiBase,
  prefix,
  last4,
  showExample,
}: {
  apiBase: string;
  prefix: string;
  last4: string;
  showExample: boolean;
}) {
  const command = [
    `curl -X POST ${apiBase}/api/v1/keys/verify \\`,
    `  -H "Authorization: Bearer gks_…" \\`,
    `  -H "content-type: application/json" \\`,
    `  -d '{"key":"${prefix}…","model":"claude-sonnet-5","ip":"203.0.113.7","estimatedTokens":1000}'`,
  ].join("\n");
  if (!showExample) {
    return (
      <EmptyState
        icon={Activity}
        title="No traffic yet"
        description="Spend, requests and verifications of this key show up here within seconds of its first use."
      />
    );
  }
  return (
    <EmptyState
      icon={Activity}
      title="No traffic yet — the provider's backend verifies this key with POST /api/v1/keys/verify"
      description={
        <>
          The backend calls it with its service token (<code className="font-mono text-xs">gks_…</code>, issued by the
          provider) and the key your app sent (it starts with <code className="font-mono text-xs">{prefix}</code> and ends
          with <code className="font-mono text-xs">{last4}</code>). Charts appear here within seconds.
        </>
      }
      action={
        <div className="relative w-full max-w-xl min-w-0 text-left">
          {/* Focusable so a keyboard can scroll its long line (axe: scrollable-region-focusable). */}
          <pre tabIndex={0} className="overflow-x-auto rounded-md border bg-muted p-3 pr-12 font-mono text-xs leading-relaxed">
            <code>{command}</code>
          </pre>
          <CopyButton value={command} label="Copy curl command" size="icon" className="absolute top-1.5 right-1.5" />
        </div>
      }
    />
  );
}
