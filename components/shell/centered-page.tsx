import Link from "next/link";
import { Wordmark } from "@/components/shell/wordmark";
import { ThemeToggle } from "@/components/theme-toggle";
import { cn } from "@/lib/utils";

/** The frame of pages outside the console: sign-in, sign-up, invitations. */
export function CenteredPage({ children, width = "sm", footer }: { children: React.ReactNode; width?: "sm" | "md"; footer?: React.ReactNode }) {
  return (
    <div className="relative flex min-h-screen flex-col items-center justify-center bg-muted/40 px-4 py-12 dark:bg-background">
      <ThemeToggle className="absolute top-4 right-4" />
      <Link
        href="/"
        className="mb-8 rounded-md text-lg focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-hidden"
        aria-label="Gatehouse home"
      >
        <Wordmark />
      </Link>
      <main className={cn("w-full", width === "sm" ? "max-w-sm" : "max-w-md")}>{children}</main>
      {footer && <p className="mt-8 text-center text-xs text-muted-foreground">{footer}</p>}
    </div>
  );
}
