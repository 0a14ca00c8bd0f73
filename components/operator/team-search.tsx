import { Search } from "lucide-react";
import Link from "next/link";
import { Button, buttonVariants } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";

/** A plain GET form: the search lives in the URL (?q=…), works without JavaScript and goes back to page 1. */
export function TeamSearch({ q }: { q: string }) {
  return (
    <form role="search" aria-label="Search teams" action="/operator/teams" className="flex flex-wrap items-end gap-2">
      <div className="grid min-w-0 flex-1 gap-1.5 sm:max-w-sm">
        <Label htmlFor="team-search" className="text-xs text-muted-foreground">
          Name, slug, member email or team id
        </Label>
        <Input id="team-search" name="q" type="search" defaultValue={q} maxLength={100} autoComplete="off" placeholder="Search teams" />
      </div>
      <Button type="submit" variant="outline">
        <Search aria-hidden />
        Search
      </Button>
      {q && (
        <Link href="/operator/teams" className={buttonVariants({ variant: "ghost" })}>
          Clear
        </Link>
      )}
    </form>
  );
}
