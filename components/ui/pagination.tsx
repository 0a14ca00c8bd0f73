import { ChevronLeft, ChevronRight } from "lucide-react";
import Link from "next/link";
import { buttonVariants } from "@/components/ui/button";
import { cn } from "@/lib/utils";

export type PaginationProps = {
  page: number;
  pageCount: number;
  total: number;
  pageSize: number;
  /** "team"/"teams", "entry"/"entries". */
  noun: [string, string];
  label: string;
  hrefFor: (page: number) => string;
  labels?: [string, string];
};

/** Previous/next links that keep the page's other search params (hrefFor builds them). */
export function Pagination({ page, pageCount, total, pageSize, noun, label, hrefFor, labels = ["Previous", "Next"] }: PaginationProps) {
  const first = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const last = Math.min(total, page * pageSize);
  const link = (target: number, back: boolean, disabled: boolean) => {
    const content = back ? (
      <>
        <ChevronLeft aria-hidden />
        {labels[0]}
      </>
    ) : (
      <>
        {labels[1]}
        <ChevronRight aria-hidden />
      </>
    );
    return disabled ? (
      <span className={cn(buttonVariants({ variant: "outline", size: "sm" }), "pointer-events-none opacity-50")} aria-disabled>
        {content}
      </span>
    ) : (
      <Link href={hrefFor(target)} className={buttonVariants({ variant: "outline", size: "sm" })} rel={back ? "prev" : "next"}>
        {content}
      </Link>
    );
  };
  return (
    <nav aria-label={label} className="flex flex-wrap items-center justify-between gap-3 text-sm">
      <p className="text-muted-foreground">
        {first}–{last} of {total} {total === 1 ? noun[0] : noun[1]}
        {pageCount > 1 && ` · page ${page} of ${pageCount}`}
      </p>
      {pageCount > 1 && (
        <div className="flex items-center gap-2">
          {link(page - 1, true, page <= 1)}
          {link(page + 1, false, page >= pageCount)}
        </div>
      )}
    </nav>
  );
}
