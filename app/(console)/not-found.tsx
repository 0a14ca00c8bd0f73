import { SearchX } from "lucide-react";
import Link from "next/link";
import { buttonVariants } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";

/** Inside the console: a team you are not (or no longer) a member of looks exactly like one that doesn't exist. */
export default function ConsoleNotFound() {
  return (
    <main className="mx-auto w-full max-w-2xl px-4 py-16 sm:px-6">
      <EmptyState
        icon={SearchX}
        title="Not found"
        description="This page doesn't exist, or you don't have access to it. If you were removed from a team, ask one of its admins to invite you again."
        action={
          <Link href="/" className={buttonVariants({ variant: "outline" })}>
            Go to your teams
          </Link>
        }
      />
    </main>
  );
}
