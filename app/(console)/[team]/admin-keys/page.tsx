import type { Metadata } from "next";
import { Bot } from "lucide-react";
import { AdminApiIntro } from "@/components/admin-keys/admin-api-intro";
import { AdminKeyDialogsProvider, CreateAdminKeyButton } from "@/components/admin-keys/admin-key-dialogs";
import { AdminKeysList } from "@/components/admin-keys/admin-keys-list";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { listAdminKeys } from "@/lib/admin-keys/list";
import { appBaseUrl } from "@/lib/email/config";
import { can } from "@/lib/permissions";
import { pageActor, requireTeamPage } from "@/lib/teams/team-page";

export const metadata: Metadata = { title: "Admin keys" };

export default async function AdminKeysPage({ params }: { params: Promise<{ team: string }> }) {
  const { team: slug } = await params;
  const { team, role, user } = await requireTeamPage(slug);
  const baseUrl = appBaseUrl();

  if (!can(role, "adminKeys.manage")) {
    // The list itself is refused to these roles on the server (lib/admin-keys/list.ts).
    return (
      <>
        <PageHeader
          title="Admin keys"
          description="Admin keys let scripts and CI manage this team through the Admin API. Only owners and admins can create, see and revoke them."
        />
        <AdminApiIntro baseUrl={baseUrl} />
      </>
    );
  }

  const keys = await listAdminKeys(await pageActor(user), team.id);
  const now = new Date();
  return (
    <AdminKeyDialogsProvider teamId={team.id} baseUrl={baseUrl}>
      <PageHeader
        title="Admin keys"
        description="Keys for the Admin API, which manages this team from code. Secrets are shown once, at creation; only a hash is stored."
        actions={keys.length > 0 ? <CreateAdminKeyButton /> : undefined}
      />
      <div className="grid gap-6">
        {keys.length === 0 ? (
          <EmptyState
            icon={Bot}
            title="No admin keys yet"
            description="Create one for each tool that automates this team, read-only where it only reads."
            action={<CreateAdminKeyButton label="Create your first admin key" />}
          />
        ) : (
          <AdminKeysList keys={keys} now={now} />
        )}
        <AdminApiIntro baseUrl={baseUrl} />
      </div>
    </AdminKeyDialogsProvider>
  );
}
