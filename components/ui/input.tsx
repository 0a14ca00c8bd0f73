import { cn } from "@/lib/utils";

/** Shared control styling so inputs, textareas and selects line up exactly. */
export const controlClassName = cn(
  "w-full min-w-0 rounded-md border border-input bg-background px-3 text-sm text-foreground shadow-xs",
  "transition-[color,border-color,box-shadow] placeholder:text-muted-foreground dark:bg-input/20",
  "focus-visible:outline-hidden focus-visible:border-ring focus-visible:ring-3 focus-visible:ring-ring/30",
  "disabled:cursor-not-allowed disabled:opacity-50",
  "aria-invalid:border-destructive aria-invalid:focus-visible:ring-destructive/25",
);

export function Input({ className, type = "text", ...props }: React.ComponentProps<"input">) {
  return (
    <input
      type={type}
      className={cn(
        controlClassName,
        "h-9 py-1",
        "file:mr-3 file:border-0 file:bg-transparent file:text-sm file:font-medium file:text-foreground",
        className,
      )}
      {...props}
    />
  );
}
