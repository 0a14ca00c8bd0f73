import { cn } from "@/lib/utils";
import { Label } from "./label";

export type FormFieldProps = {
  label: React.ReactNode;
  htmlFor: string;
  error?: React.ReactNode;
  hint?: React.ReactNode;
  required?: boolean;
  className?: string;
  children: React.ReactNode;
};

/** Ids the control should reference: `aria-describedby={fieldDescribedBy(id, { error, hint })}`. */
export function fieldDescribedBy(htmlFor: string, opts: { error?: unknown; hint?: unknown }) {
  const ids = [opts.hint ? `${htmlFor}-hint` : null, opts.error ? `${htmlFor}-error` : null];
  return ids.filter(Boolean).join(" ") || undefined;
}

export function FormField({ label, htmlFor, error, hint, required, className, children }: FormFieldProps) {
  return (
    <div className={cn("grid gap-2", className)} data-invalid={error ? true : undefined}>
      <Label htmlFor={htmlFor}>
        {label}
        {required && (
          <span aria-hidden className="text-destructive">
            *
          </span>
        )}
      </Label>
      {children}
      {hint && (
        <p id={`${htmlFor}-hint`} className="text-xs text-muted-foreground">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${htmlFor}-error`} role="alert" className="text-xs font-medium text-destructive">
          {error}
        </p>
      )}
    </div>
  );
}
