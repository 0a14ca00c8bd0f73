import { cn } from "@/lib/utils";

export type InvitationCardProps = {
  icon: React.ComponentType<{ className?: string; "aria-hidden"?: boolean }>;
  tone?: "default" | "warning" | "danger";
  title: React.ReactNode;
  description?: React.ReactNode;
  children?: React.ReactNode;
};

const TONES = {
  default: "bg-primary/10 text-primary",
  warning: "bg-warning/10 text-warning",
  danger: "bg-destructive/10 text-destructive",
};

/** The frame every state of the invitation page shares. */
export function InvitationCard({ icon: Icon, tone = "default", title, description, children }: InvitationCardProps) {
  return (
    <div className="grid gap-6 rounded-lg border bg-card p-6 text-card-foreground shadow-xs sm:p-8">
      <div className="grid justify-items-center gap-3 text-center">
        <div className={cn("flex size-11 items-center justify-center rounded-full", TONES[tone])}>
          <Icon className="size-5" aria-hidden />
        </div>
        <h1 className="text-xl font-semibold tracking-tight text-balance">{title}</h1>
        {description && <p className="text-sm text-pretty text-muted-foreground">{description}</p>}
      </div>
      {children}
    </div>
  );
}

export function InvitationFacts({ facts }: { facts: Array<[string, React.ReactNode]> }) {
  return (
    <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 rounded-md border bg-muted/40 px-4 py-3 text-sm">
      {facts.map(([label, value]) => (
        <div key={label} className="contents">
          <dt className="text-muted-foreground">{label}</dt>
          <dd className="min-w-0 truncate font-medium">{value}</dd>
        </div>
      ))}
    </dl>
  );
}
