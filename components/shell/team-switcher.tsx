"use client";

import { Check, ChevronsUpDown, Plus } from "lucide-react";
import Link from "next/link";
import { useParams } from "next/navigation";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuGroup,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { ROLE_LABELS } from "@/lib/permissions";
import type { TeamSummary } from "@/lib/teams/queries";

export function TeamSwitcher({ teams }: { teams: TeamSummary[] }) {
  const params = useParams<{ team?: string }>();
  const current = teams.find((t) => t.slug === params.team);

  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button variant="ghost" className="max-w-[14rem] gap-2 px-2 sm:max-w-xs" aria-label={`Switch team (current: ${current?.name ?? "none"})`}>
          <span className="truncate">{current?.name ?? "Select a team"}</span>
          {current && (
            <Badge variant="secondary" className="hidden sm:inline-flex">
              {ROLE_LABELS[current.role]}
            </Badge>
          )}
          <ChevronsUpDown className="text-muted-foreground" aria-hidden />
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="start" className="w-72">
        <DropdownMenuLabel>Your teams</DropdownMenuLabel>
        <DropdownMenuGroup>
          {teams.length === 0 && (
            <p className="px-2 py-1.5 text-sm text-muted-foreground">You are not in any team yet.</p>
          )}
          {teams.map((team) => (
            <DropdownMenuItem key={team.id} asChild>
              <Link href={`/${team.slug}/keys`} aria-current={team.slug === current?.slug ? "page" : undefined}>
                <Check className={team.slug === current?.slug ? "text-foreground" : "invisible"} aria-hidden />
                <span className="min-w-0 flex-1 truncate">{team.name}</span>
                <Badge variant="outline" className="text-muted-foreground">
                  {ROLE_LABELS[team.role]}
                </Badge>
              </Link>
            </DropdownMenuItem>
          ))}
        </DropdownMenuGroup>
        <DropdownMenuSeparator />
        <DropdownMenuItem asChild>
          <Link href="/teams/new">
            <Plus aria-hidden />
            Create team
          </Link>
        </DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
