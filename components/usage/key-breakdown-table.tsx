import Link from "next/link";
import { EnvironmentBadge, KeyStatusBadge, MaskedKey } from "@/components/keys/key-badges";
import { Table, TableBody, TableCell, TableEmpty, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatDateTime, formatRelative } from "@/lib/format-time";
import { formatUsd } from "@/lib/money";
import { formatCompact, formatNumber, formatPercent } from "@/lib/usage/chart-format";
import type { KeyBreakdown } from "@/lib/usage/query";
import { BudgetBar } from "./budget-bar";

const num = "text-right tabular-nums";

/**
 * Every key of the team with its totals for the range and its month-to-date
 * spend against its own budget; each row opens the key's own usage page.
 */
export function KeyBreakdownTable({ teamSlug, keys, now }: { teamSlug: string; keys: KeyBreakdown[]; now: number }) {
  const at = new Date(now);
  return (
    <Table>
      <TableHeader>
        <TableRow>
          <TableHead className="min-w-60">Key</TableHead>
          <TableHead>Environment · status</TableHead>
          <TableHead className={num}>Spend</TableHead>
          <TableHead className="min-w-40">Month to date</TableHead>
          <TableHead className={num}>Requests</TableHead>
          <TableHead className={num}>Errors</TableHead>
          <TableHead className={num}>Verifications</TableHead>
          <TableHead className={num}>Tokens in / out</TableHead>
          <TableHead>Last used</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {keys.length === 0 && <TableEmpty colSpan={9}>No API keys yet.</TableEmpty>}
        {keys.map((key) => (
          <TableRow key={key.id}>
            <TableCell>
              <div className="grid gap-1">
                <Link
                  href={`/${teamSlug}/keys/${key.id}`}
                  className="w-fit max-w-56 truncate rounded-sm font-medium hover:underline focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-hidden"
                >
                  {key.name}
                </Link>
                <MaskedKey prefix={key.prefix} last4={key.last4} className="w-fit" />
              </div>
            </TableCell>
            <TableCell>
              <div className="flex flex-wrap gap-1.5">
                <EnvironmentBadge environment={key.environment} />
                <KeyStatusBadge status={key.status} />
              </div>
            </TableCell>
            <TableCell className={num}>{formatUsd(key.costMicros)}</TableCell>
            <TableCell>
              <div className="grid gap-1">
                <span className="tabular-nums">{formatUsd(key.monthSpentMicros)}</span>
                {key.budgetMicros !== null && (
                  <BudgetBar compact label={`${key.name}: month-to-date spend of its budget`} spentMicros={key.monthSpentMicros} limitMicros={key.budgetMicros} />
                )}
              </div>
            </TableCell>
            <TableCell className={num}>{formatNumber(key.requests)}</TableCell>
            <TableCell className={num}>
              {formatNumber(key.errors)}
              {key.errorRate !== null && <span className="block text-xs text-muted-foreground">{formatPercent(key.errorRate)}</span>}
            </TableCell>
            <TableCell className={num}>
              {formatNumber(key.verifications)}
              {key.denied > 0 && <span className="block text-xs text-muted-foreground">{formatNumber(key.denied)} denied</span>}
            </TableCell>
            <TableCell className={num}>
              <span title={`${formatNumber(key.inputTokens)} in / ${formatNumber(key.outputTokens)} out`}>
                {formatCompact(key.inputTokens)} / {formatCompact(key.outputTokens)}
              </span>
            </TableCell>
            <TableCell className="whitespace-nowrap text-muted-foreground" title={key.lastUsedAt ? formatDateTime(key.lastUsedAt) : undefined}>
              {formatRelative(key.lastUsedAt, at)}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
