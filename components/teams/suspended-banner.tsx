import { Ban } from "lucide-react";

/** Shown on every page of a team an operator suspended: its members must know why their keys stopped working. */
export function SuspendedBanner({ since, reason }: { since: Date; reason: string }) {
  return (
    <div role="alert" className="mb-6 flex items-start gap-3 rounded-lg border border-destructive/40 bg-destructive/10 px-4 py-3 text-sm">
      <Ban aria-hidden className="mt-0.5 size-4 shrink-0 text-destructive" />
      <div className="min-w-0 flex-1 space-y-1">
        <p className="font-semibold text-destructive">This team is suspended by the provider</p>
        <p className="text-foreground [overflow-wrap:anywhere]">
          Since {since.toLocaleDateString("en-US", { dateStyle: "medium", timeZone: "UTC" })} (UTC), every key of this team is refused
          (verification answers <code className="font-mono text-xs">TEAM_SUSPENDED</code>).
          {reason ? ` Reason given: ${reason}` : ""} Contact the provider to have it resumed; the console keeps working meanwhile.
        </p>
      </div>
    </div>
  );
}
