import { ShieldAlert } from "lucide-react";
import { formatDateTime } from "@/lib/format-time";
import { LeakLocation, type KeyLeak } from "./key-badges";

/** On a key's page: it was reported found in public and revoked, where and when, and what to do now. */
export function LeakedKeyNotice({ leak }: { leak: KeyLeak }) {
  if (!leak.leakedAt) return null;
  return (
    <section
      aria-label="Leaked key"
      data-testid="leaked-key-notice"
      className="flex gap-3 rounded-lg border border-destructive/30 bg-destructive/5 p-4 text-sm"
    >
      <ShieldAlert className="mt-0.5 size-5 shrink-0 text-destructive" aria-hidden />
      <div className="grid min-w-0 gap-1.5">
        <h2 className="font-semibold text-destructive">Leaked: found in public and revoked</h2>
        <p>
          A secret scanner found this key at <LeakLocation url={leak.leakUrl} />
          {leak.leakSource ? <> ({leak.leakSource})</> : null}. It was revoked at once, on{" "}
          <span className="whitespace-nowrap">{formatDateTime(leak.leakedAt)}</span>: every request made with it is refused.
        </p>
        <p className="text-muted-foreground">
          Create a new key for the service that used it, and remove the secret from where it was found: anyone may have copied it.
        </p>
      </div>
    </section>
  );
}
