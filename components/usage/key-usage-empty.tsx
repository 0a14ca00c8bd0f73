import { Activity } from "lucide-react";
import { CopyButton } from "@/components/ui/copy-button";
import { EmptyState } from "@/components/ui/empty-state";

/** Shown until a key has seen its first request: how to make one. */
export function KeyUsageEmpty({ apiBase, prefix, last4 }: { apiBase: string; prefix: string; last4: string }) {
  const command = [
    `curl -X POST ${apiBase}/api/v1/keys/verify \\`,
    `  -H "content-type: application/json" \\`,
    `  -d '{"key": "YOUR_KEY"}'`,
  ].join("\n");
  return (
    <EmptyState
      icon={Activity}
      title="No traffic yet — call POST /api/v1/keys/verify with this key"
      description={
        <>
          Replace <code className="font-mono text-xs">YOUR_KEY</code> with the secret shown when the key was created (it
          starts with <code className="font-mono text-xs">{prefix}</code> and ends with{" "}
          <code className="font-mono text-xs">{last4}</code>). Charts appear here within seconds.
        </>
      }
      action={
        <div className="relative w-full max-w-xl text-left">
          <pre className="overflow-x-auto rounded-md border bg-muted p-3 pr-12 font-mono text-xs leading-relaxed">
            <code>{command}</code>
          </pre>
          <CopyButton value={command} label="Copy curl command" size="icon" className="absolute top-1.5 right-1.5" />
        </div>
      }
    />
  );
}
