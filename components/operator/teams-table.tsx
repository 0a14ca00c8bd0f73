import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatUsd } from "@/lib/money";
import type { OperatorTeamRow } from "@/lib/operator/teams";
import { capLabel, limitLabel } from "./format";
import { LimitCell } from "./limit-cell";

export function TeamsTable({ teams }: { teams: OperatorTeamRow[] }) {
  return (
    <Table>
      <TableHeader>
        <TableRow>
          <TableHead>Team</TableHead>
          <TableHead className="text-right">Members</TableHead>
          <TableHead className="text-right">Keys</TableHead>
          <TableHead>Requests / min</TableHead>
          <TableHead>Tokens / min</TableHead>
          <TableHead>Spend cap</TableHead>
          <TableHead className="text-right">Spend this month</TableHead>
          <TableHead>Status</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {teams.map((team) => (
          <TableRow key={team.id} data-testid="operator-team-row" data-team={team.slug}>
            <TableCell className="max-w-56">
              <Link
                href={`/operator/teams/${team.id}`}
                className="block truncate font-medium underline-offset-4 hover:underline focus-visible:rounded-sm focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-hidden"
                title={team.name}
              >
                {team.name}
              </Link>
              <div className="truncate font-mono text-xs text-muted-foreground">{team.slug}</div>
            </TableCell>
            <TableCell className="text-right tabular-nums">{team.members}</TableCell>
            <TableCell className="text-right tabular-nums">{team.keys}</TableCell>
            <TableCell>
              <LimitCell value={limitLabel(team.limits.rpm)} overridden={team.limits.overridden.rpm} />
            </TableCell>
            <TableCell>
              <LimitCell value={limitLabel(team.limits.tpm)} overridden={team.limits.overridden.tpm} />
            </TableCell>
            <TableCell>
              <LimitCell value={capLabel(team.limits.spendCapMicros)} overridden={team.limits.overridden.spendCap} />
            </TableCell>
            <TableCell className="text-right whitespace-nowrap tabular-nums">{formatUsd(team.monthToDateMicros)}</TableCell>
            <TableCell>
              {team.suspendedAt ? (
                <Badge variant="danger" title={team.suspendedReason}>
                  Suspended
                </Badge>
              ) : (
                <Badge variant="success">Active</Badge>
              )}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
