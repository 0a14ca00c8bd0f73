import { cn } from "@/lib/utils";

export type RadioCardOption<V extends string> = { value: V; label: string; description?: React.ReactNode };

export type RadioCardsProps<V extends string> = {
  name: string;
  legend: string;
  options: RadioCardOption<V>[];
  value: V;
  onChange: (value: V) => void;
  error?: string;
  disabled?: boolean;
  columns?: 1 | 2;
};

/** A native radio group (arrow keys, screen readers and forms work for free) drawn as selectable cards. */
export function RadioCards<V extends string>({
  name,
  legend,
  options,
  value,
  onChange,
  error,
  disabled,
  columns = 1,
}: RadioCardsProps<V>) {
  const errorId = `${name}-error`;
  return (
    <fieldset className="grid gap-2" aria-describedby={error ? errorId : undefined} disabled={disabled}>
      <legend className="mb-2 text-sm leading-none font-medium">{legend}</legend>
      <div className={cn("grid gap-2", columns === 2 && "sm:grid-cols-2")}>
        {options.map((option) => (
          <label
            key={option.value}
            className={cn(
              "flex cursor-pointer items-start gap-3 rounded-md border p-3 text-sm transition-colors",
              "hover:bg-accent/60 has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-ring",
              "has-[:checked]:border-primary has-[:checked]:bg-primary/5 dark:has-[:checked]:bg-primary/10",
              disabled && "cursor-not-allowed opacity-60",
            )}
          >
            <input
              type="radio"
              name={name}
              value={option.value}
              checked={value === option.value}
              onChange={() => onChange(option.value)}
              aria-invalid={error ? true : undefined}
              className="mt-0.5 size-4 shrink-0 accent-(--primary)"
            />
            <span className="grid gap-0.5">
              <span className="font-medium">{option.label}</span>
              {option.description && <span className="text-xs text-muted-foreground">{option.description}</span>}
            </span>
          </label>
        ))}
      </div>
      {error && (
        <p id={errorId} role="alert" className="text-xs font-medium text-destructive">
          {error}
        </p>
      )}
    </fieldset>
  );
}
