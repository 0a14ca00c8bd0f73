import { ChevronDown } from "lucide-react";
import { cn } from "@/lib/utils";
import { controlClassName } from "./input";

export type SelectOption = { value: string; label: string; disabled?: boolean };

export type SelectProps = React.ComponentProps<"select"> & {
  /** Convenience for simple lists; `children` (<option>/<optgroup>) still works. */
  options?: SelectOption[];
  placeholder?: string;
  wrapperClassName?: string;
};

/** Native <select>: free keyboard/screen-reader support and it posts with plain forms. */
export function Select({
  className,
  wrapperClassName,
  options,
  placeholder,
  children,
  ...props
}: SelectProps) {
  return (
    <div className={cn("relative w-full", wrapperClassName)}>
      <select
        className={cn(
          controlClassName,
          "h-9 cursor-pointer appearance-none py-1 pr-9",
          // Native option popups ignore most CSS; give them theme colours where browsers allow it.
          "[&>option]:bg-popover [&>option]:text-popover-foreground",
          className,
        )}
        {...props}
      >
        {placeholder !== undefined && (
          <option value="" disabled>
            {placeholder}
          </option>
        )}
        {options?.map((o) => (
          <option key={o.value} value={o.value} disabled={o.disabled}>
            {o.label}
          </option>
        ))}
        {children}
      </select>
      <ChevronDown
        aria-hidden
        className="pointer-events-none absolute top-1/2 right-3 size-4 -translate-y-1/2 text-muted-foreground"
      />
    </div>
  );
}
