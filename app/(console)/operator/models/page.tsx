import type { Metadata } from "next";
import { Boxes } from "lucide-react";
import { AddModelDialog } from "@/components/operator/add-model-dialog";
import { ModelsTable } from "@/components/operator/models-table";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { listModels } from "@/lib/operator/models";
import { requireOperatorPage } from "@/lib/operator/operator-page";

export const metadata: Metadata = { title: "Models" };

export default async function OperatorModelsPage() {
  const { actor } = await requireOperatorPage();
  const models = await listModels(actor);
  return (
    <div>
      <PageHeader
        title="Model catalogue"
        description="Which models keys may use and what they cost. A price change applies from that moment on; past cost is never rewritten."
        actions={<AddModelDialog />}
      />
      {models.length > 0 ? (
        <ModelsTable models={models} />
      ) : (
        <EmptyState icon={Boxes} title="No models yet" description="Add the models your API serves. Usage of models not listed is priced at the fallback price (Settings)." />
      )}
    </div>
  );
}
