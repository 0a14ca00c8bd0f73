import { cn } from "@/lib/utils";
import { controlClassName } from "./input";

export function Textarea({ className, rows = 4, ...props }: React.ComponentProps<"textarea">) {
  return (
    <textarea
      rows={rows}
      className={cn(controlClassName, "min-h-20 py-2 leading-relaxed", className)}
      {...props}
    />
  );
}
