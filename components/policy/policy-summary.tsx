import { Badge } from "@/components/ui/badge";
import { formatUsd } from "@/lib/money";
import type { PolicyModel } from "@/lib/policy/key-policy";
import type { KeyPolicy } from "@/lib/policy/stored-policy";

const count = (n: number) => n.toLocaleString("en-US");

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="grid gap-1 sm:grid-cols-[10rem_1fr] sm:gap-3">
      <dt className="text-sm text-muted-foreground">{label}</dt>
      <dd className="min-w-0 text-sm">{children}</dd>
    </div>
  );
}

/** A key's policy in words: what it may use, how fast, how much, from where. */
export function PolicySummary({ policy, models }: { policy: KeyPolicy; models: PolicyModel[] }) {
  const byId = new Map(models.map((m) => [m.id, m]));
  return (
    <dl className="grid gap-3">
      <Row label="Models">
        {policy.allowedModels === null ? (
          "All models"
        ) : (
          <span className="flex flex-wrap gap-1.5">
            {policy.allowedModels.map((id) => {
              const model = byId.get(id);
              return (
                <Badge key={id} variant={model?.enabled === false ? "warning" : "secondary"} title={id} className="max-w-full truncate">
                  {model?.displayName ?? id}
                  {model?.enabled === false && " (turned off)"}
                </Badge>
              );
            })}
          </span>
        )}
      </Row>
      <Row label="Requests">{policy.rpmLimit === null ? "No limit of its own" : `${count(policy.rpmLimit)} requests / min`}</Row>
      <Row label="Tokens">{policy.tpmLimit === null ? "No limit of its own" : `${count(policy.tpmLimit)} tokens / min`}</Row>
      <Row label="Budget">{policy.budgetMicros === null ? "No budget of its own" : `${formatUsd(policy.budgetMicros)} / month`}</Row>
      <Row label="IP allowlist">
        {policy.ipAllowlist.length === 0 ? (
          "Any address"
        ) : (
          <ul className="flex flex-wrap gap-1.5">
            {policy.ipAllowlist.map((entry) => (
              <li key={entry}>
                <code className="rounded bg-muted px-1.5 py-0.5 font-mono text-xs break-all">{entry}</code>
              </li>
            ))}
          </ul>
        )}
      </Row>
    </dl>
  );
}

/** The team's limits a key stays under, in one line ("Team limits: 600 requests / min · $500.00 / month"). */
export function ceilingText(ceiling: { rpm: number | null; tpm: number | null; spendCapMicros: number | null; budgetMicros: number | null }): string | null {
  const parts = [
    ceiling.rpm !== null && `${count(ceiling.rpm)} requests / min`,
    ceiling.tpm !== null && `${count(ceiling.tpm)} tokens / min`,
    ceiling.spendCapMicros !== null && `${formatUsd(ceiling.spendCapMicros)} / month spend limit`,
    ceiling.budgetMicros !== null && `${formatUsd(ceiling.budgetMicros)} / month team budget`,
  ].filter(Boolean);
  return parts.length ? `The team's limits also apply: ${parts.join(" · ")}.` : null;
}
