import { Users } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { buttonVariants } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { requireUserOrRedirect } from "@/lib/auth/session";
import { listMyTeams } from "@/lib/teams/queries";

export const metadata: Metadata = { title: "Welcome" };

export default async function ConsoleHomePage() {
  const user = await requireUserOrRedirect("/");
  const teams = await listMyTeams(user.id);
  if (teams.length > 0) redirect(`/${teams[0].slug}/keys`);

  return (
    <main className="mx-auto w-full max-w-2xl px-4 py-16 sm:px-6">
      <h1 className="mb-2 text-2xl font-semibold tracking-tight">Welcome, {user.name.split(" ")[0]}</h1>
      <p className="mb-8 text-sm text-muted-foreground">
        Teams hold your API keys, members and usage. Create one to get started, or ask a teammate to invite you
        to theirs.
      </p>
      <EmptyState
        icon={Users}
        title="Create your first team"
        description="You will be its owner: you can invite members, hand out roles and create API keys."
        action={
          <Link href="/teams/new" className={buttonVariants()}>
            Create team
          </Link>
        }
      />
    </main>
  );
}
