import type { Metadata } from "next";
import { SettingsForm } from "@/components/operator/settings-form";
import { Card, CardContent } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requireOperatorPage } from "@/lib/operator/operator-page";
import { getOperatorSettings } from "@/lib/operator/settings";

export const metadata: Metadata = { title: "Settings" };

export default async function OperatorSettingsPage() {
  const { actor } = await requireOperatorPage();
  const settings = await getOperatorSettings(actor);
  return (
    <div className="grid max-w-3xl gap-6">
      <PageHeader title="Settings" description="Limits every team gets unless you override them, and the price of models the catalogue doesn't list." className="pb-0" />
      <Card>
        <CardContent>
          <SettingsForm settings={settings} />
        </CardContent>
      </Card>
    </div>
  );
}
