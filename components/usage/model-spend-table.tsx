import { TriangleAlert } from "lucide-react";
import { Table, TableBody, TableCell, TableEmpty, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatUsd } from "@/lib/money";
import { formatCompact, formatNumber, formatShare } from "@/lib/usage/chart-format";
import { pricedAtFallback, type ModelSpend } from "@/lib/usage/spend";

const num = "text-right tabular-nums";

function ModelName({ line }: { line: ModelSpend }) {
  const fallback = pricedAtFallback(line);
  if (line.model === "") {
    return (
      <div className="grid gap-0.5">
        <span className="text-muted-foreground">No model given</span>
        {fallback && <span className="text-xs whitespace-nowrap text-warning">Priced at fallback</span>}
      </div>
    );
  }
  return (
    <div className="grid gap-0.5">
      <span className="font-medium">{line.displayName ?? <code className="font-mono text-xs">{line.model}</code>}</span>
      {line.displayName && <code className="font-mono text-xs text-muted-foreground">{line.model}</code>}
      {fallback && (
        <span className="flex items-center gap-1 text-xs whitespace-nowrap text-warning">
          <TriangleAlert className="size-3 shrink-0" aria-hidden />
          {line.displayName ? `${formatNumber(line.fallbackPriced)} requests priced at fallback` : "Not in catalogue — priced at fallback"}
        </span>
      )}
    </div>
  );
}

/** Spend per model in the range and this month, with the share of the range's spend and the tokens behind it. */
export function ModelSpendTable({ lines, rangeLabel }: { lines: ModelSpend[]; rangeLabel: string }) {
  const total = lines.reduce((n, l) => n + l.costMicros, 0);
  return (
    <Table>
      <TableHeader>
        <TableRow>
          <TableHead className="min-w-48">Model</TableHead>
          <TableHead className={num}>Spend, {rangeLabel.toLowerCase()}</TableHead>
          <TableHead className={num}>Month to date</TableHead>
          <TableHead className={num}>Requests</TableHead>
          <TableHead className={num}>Tokens in / out</TableHead>
          <TableHead className={num}>Cache write / read</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {lines.length === 0 && <TableEmpty colSpan={6}>No reported requests with a cost yet.</TableEmpty>}
        {lines.map((line) => (
          <TableRow key={line.model}>
            <TableCell>
              <ModelName line={line} />
            </TableCell>
            <TableCell className={num}>
              <span className="font-medium">{formatUsd(line.costMicros)}</span>
              {total > 0 && <span className="block text-xs text-muted-foreground">{formatShare(line.costMicros / total)}</span>}
            </TableCell>
            <TableCell className={num}>{formatUsd(line.monthCostMicros)}</TableCell>
            <TableCell className={num}>{formatNumber(line.requests)}</TableCell>
            <TableCell className={num}>
              <span title={`${formatNumber(line.inputTokens)} in / ${formatNumber(line.outputTokens)} out`}>
                {formatCompact(line.inputTokens)} / {formatCompact(line.outputTokens)}
              </span>
            </TableCell>
            <TableCell className={num}>
              <span title={`${formatNumber(line.cacheWriteTokens)} written / ${formatNumber(line.cacheReadTokens)} read`}>
                {formatCompact(line.cacheWriteTokens)} / {formatCompact(line.cacheReadTokens)}
              </span>
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
