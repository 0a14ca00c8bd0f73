import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import type { KeyPolicyView } from "@/lib/policy/key-policy";
import { EditPolicyDialog } from "./edit-policy-dialog";
import { ceilingText, PolicySummary } from "./policy-summary";

/** The key page's "Policy" card: read by every member, edited by those allowed (the server checks again). */
export function KeyPolicyCard({ teamId, keyName, view }: { teamId: string; keyName: string; view: KeyPolicyView }) {
  const teamLimits = ceilingText(view.ceiling);
  return (
    <Card>
      <CardHeader className="flex-row flex-wrap items-start justify-between gap-3">
        <div className="grid min-w-0 gap-1.5">
          <CardTitle>Policy</CardTitle>
          <CardDescription>{view.canEdit ? "Which models this key may use, how fast, how much, and from where." : view.readOnlyReason}</CardDescription>
        </div>
        {view.canEdit && <EditPolicyDialog teamId={teamId} keyName={keyName} view={view} />}
      </CardHeader>
      <CardContent className="grid gap-4">
        <PolicySummary policy={view.policy} models={view.models} />
        {teamLimits && <p className="text-xs text-muted-foreground">{teamLimits}</p>}
      </CardContent>
    </Card>
  );
}
