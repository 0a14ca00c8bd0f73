import { ChevronLeft, ChevronRight } from "lucide-react";
import Link from "next/link";
import { buttonVariants } from "@/components/ui/button";
import { cn } from "@/lib/utils";

export type AuditPaginationProps = {
  page: number;
  pageCount: number;
  total: number;
  pageSize: number;
  /** Builds the link for a page, keeping the current filters. */
  hrefFor: (page: number) => string;
};

export function AuditPagination({ page, pageCount, total, pageSize, hrefFor }: AuditPaginationProps) {
  const first = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const last = Math.min(total, page * pageSize);
  const link = (target: number, label: "Newer" | "Older", disabled: boolean) => {
    const content =
      label === "Newer" ? (
        <>
          <ChevronLeft aria-hidden />
          Newer
        </>
      ) : (
        <>
          Older
          <ChevronRight aria-hidden />
        </>
      );
    return disabled ? (
      <span className={cn(buttonVariants({ variant: "outline", size: "sm" }), "pointer-events-none opacity-50")} aria-disabled>
        {content}
      </span>
    ) : (
      <Link href={hrefFor(target)} className={buttonVariants({ variant: "outline", size: "sm" })} rel={label === "Newer" ? "prev" : "next"}>
        {content}
      </Link>
    );
  };

  return (
    <nav aria-label="Audit log pages" className="flex flex-wrap items-center justify-between gap-3 text-sm">
      <p className="text-muted-foreground">
        {first}–{last} of {total} {total === 1 ? "entry" : "entries"}
        {pageCount > 1 && ` · page ${page} of ${pageCount}`}
      </p>
      {pageCount > 1 && (
        <div className="flex items-center gap-2">
          {link(page - 1, "Newer", page <= 1)}
          {link(page + 1, "Older", page >= pageCount)}
        </div>
      )}
    </nav>
  );
}
