import { Badge } from "@/components/ui/badge";

/** A limit in effect and where it comes from: the team's own override, or the default plan. */
export function LimitCell({ value, overridden }: { value: string; overridden: boolean }) {
  return (
    <div className="flex items-center gap-1.5 whitespace-nowrap">
      <span className="tabular-nums">{value}</span>
      <Badge variant={overridden ? "info" : "outline"} className="font-normal">
        {overridden ? "override" : "default"}
      </Badge>
    </div>
  );
}
