import { cn } from "@/lib/utils";

export type TableProps = React.ComponentProps<"table"> & {
  /**
   * Names the scroll frame and makes it a tab stop, so a keyboard can scroll a table that may be
   * wider than the screen and holds nothing focusable itself (a table of text, like the audit log).
   */
  scrollLabel?: string;
};

export function Table({ className, scrollLabel, ...props }: TableProps) {
  const frame = scrollLabel ? { tabIndex: 0, role: "region", "aria-label": scrollLabel } : {};
  return (
    // Wrapper scrolls horizontally so wide tables never break the page layout on mobile.
    // contain: inline-size keeps the table's own width out of its ancestors' sizing: inside a grid
    // or flex item (min-width: auto) it would otherwise widen the whole page on a phone.
    <div
      {...frame}
      className="relative w-full overflow-x-auto rounded-lg border bg-card [contain:inline-size] focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-none"
    >
      <table className={cn("w-full caption-bottom border-collapse text-sm", className)} {...props} />
    </div>
  );
}

export function TableHeader({ className, ...props }: React.ComponentProps<"thead">) {
  return <thead className={cn("bg-muted/50 [&_tr]:border-b", className)} {...props} />;
}

export function TableBody({ className, ...props }: React.ComponentProps<"tbody">) {
  return <tbody className={cn("[&_tr:last-child]:border-0", className)} {...props} />;
}

export function TableRow({ className, ...props }: React.ComponentProps<"tr">) {
  return (
    <tr
      className={cn("border-b transition-colors hover:bg-muted/40 data-[state=selected]:bg-muted", className)}
      {...props}
    />
  );
}

export function TableHead({ className, scope = "col", ...props }: React.ComponentProps<"th">) {
  return (
    <th
      scope={scope}
      className={cn(
        "h-10 px-4 text-left align-middle text-xs font-medium whitespace-nowrap text-muted-foreground",
        className,
      )}
      {...props}
    />
  );
}

export function TableCell({ className, ...props }: React.ComponentProps<"td">) {
  return <td className={cn("px-4 py-3 align-middle", className)} {...props} />;
}

export function TableCaption({ className, ...props }: React.ComponentProps<"caption">) {
  return <caption className={cn("py-3 text-sm text-muted-foreground", className)} {...props} />;
}

export function TableEmpty({
  colSpan,
  children,
  className,
}: {
  colSpan: number;
  children: React.ReactNode;
  className?: string;
}) {
  return (
    <tr className="hover:bg-transparent">
      <td colSpan={colSpan} className={cn("px-4 py-10 text-center text-sm text-muted-foreground", className)}>
        {children}
      </td>
    </tr>
  );
}
