import type { Metadata } from "next";
import { Inbox, Plus } from "lucide-react";
import { ThemeToggle } from "@/components/theme-toggle";
import { Badge } from "@/components/ui/badge";
import { Button, buttonVariants } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { EmptyState } from "@/components/ui/empty-state";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { PageHeader } from "@/components/ui/page-header";
import { Select } from "@/components/ui/select";
import { Skeleton } from "@/components/ui/skeleton";
import { Spinner } from "@/components/ui/spinner";
import { Table, TableBody, TableCell, TableEmpty, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { Textarea } from "@/components/ui/textarea";
import { DialogDemo, LoadingButtonDemo, RowActionsDemo, ToastDemo } from "./demos";

export const metadata: Metadata = {
  title: "UI preview (development)",
  robots: { index: false, follow: false },
};

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section className="grid gap-3">
      <h2 className="text-sm font-semibold tracking-wide text-muted-foreground uppercase">{title}</h2>
      {children}
    </section>
  );
}

const KEYS = [
  { name: "ci-deploys", prefix: "gh_live_4f9a", status: "active", created: "2 days ago" },
  { name: "staging-sync", prefix: "gh_test_81c2", status: "expiring", created: "3 weeks ago" },
  { name: "old-import", prefix: "gh_live_0b7e", status: "revoked", created: "5 months ago" },
] as const;

const STATUS = { active: "success", expiring: "warning", revoked: "danger" } as const;

export default function UiPreviewPage() {
  return (
    <main className="mx-auto grid max-w-5xl gap-10 px-6 py-10">
      <div
        role="note"
        className="flex items-center justify-between gap-4 rounded-md border border-warning/30 bg-warning/10 px-4 py-2 text-sm text-warning"
      >
        <span>
          <strong>Development preview.</strong> Every shared UI primitive on one page. Not linked from the app.
        </span>
        <ThemeToggle />
      </div>

      <PageHeader
        title="API keys"
        description="PageHeader: title, description and an actions slot."
        actions={
          <>
            <Button variant="outline">Docs</Button>
            <Button>
              <Plus /> New key
            </Button>
          </>
        }
      />

      <Section title="Buttons">
        <div className="flex flex-wrap items-center gap-2">
          <Button>Default</Button>
          <Button variant="secondary">Secondary</Button>
          <Button variant="outline">Outline</Button>
          <Button variant="ghost">Ghost</Button>
          <Button variant="destructive">Destructive</Button>
          <Button variant="link">Link</Button>
          <Button disabled>Disabled</Button>
          <Button loading>Saving</Button>
          <LoadingButtonDemo />
        </div>
        <div className="flex flex-wrap items-center gap-2">
          <Button size="sm">Small</Button>
          <Button size="md">Medium</Button>
          <Button size="lg">Large</Button>
          <Button size="icon" aria-label="Add">
            <Plus />
          </Button>
          <a href="#forms" className={buttonVariants({ variant: "outline" })}>
            Link styled as button
          </a>
          <Spinner label="Loading" />
        </div>
      </Section>

      <Section title="Badges">
        <div className="flex flex-wrap gap-2">
          {(["default", "secondary", "outline", "success", "warning", "danger", "info"] as const).map((v) => (
            <Badge key={v} variant={v}>
              {v}
            </Badge>
          ))}
        </div>
      </Section>

      <Section title="Forms">
        <form id="forms" className="grid max-w-md gap-4">
          <FormField label="Email" htmlFor="pv-email" hint="We send the invite here." required>
            <Input id="pv-email" type="email" placeholder="ada@example.com" aria-describedby="pv-email-hint" />
          </FormField>
          <FormField label="Team name" htmlFor="pv-team" error="Team name is already taken.">
            <Input id="pv-team" defaultValue="acme" aria-invalid aria-describedby="pv-team-error" />
          </FormField>
          <FormField label="Role" htmlFor="pv-role">
            <Select
              id="pv-role"
              name="role"
              defaultValue=""
              placeholder="Choose a role"
              options={[
                { value: "owner", label: "Owner" },
                { value: "admin", label: "Admin" },
                { value: "member", label: "Member" },
              ]}
            />
          </FormField>
          <FormField label="Notes" htmlFor="pv-notes">
            <Textarea id="pv-notes" placeholder="Optional" />
          </FormField>
          <FormField label="Disabled" htmlFor="pv-disabled">
            <Input id="pv-disabled" disabled value="read only" readOnly />
          </FormField>
        </form>
      </Section>

      <Section title="Dialogs, confirm, toasts, dropdown">
        <DialogDemo />
        <ToastDemo />
      </Section>

      <Section title="Table">
        <Table>
          <TableHeader>
            <TableRow>
              <TableHead>Name</TableHead>
              <TableHead>Key</TableHead>
              <TableHead>Status</TableHead>
              <TableHead>Created</TableHead>
              <TableHead className="w-12">
                <span className="sr-only">Actions</span>
              </TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {KEYS.map((k) => (
              <TableRow key={k.name}>
                <TableCell className="font-medium">{k.name}</TableCell>
                <TableCell>
                  <span className="inline-flex items-center gap-1 font-mono text-xs">
                    {k.prefix}…
                    <CopyButton value={k.prefix} label={`Copy key prefix for ${k.name}`} />
                  </span>
                </TableCell>
                <TableCell>
                  <Badge variant={STATUS[k.status]}>{k.status}</Badge>
                </TableCell>
                <TableCell className="text-muted-foreground">{k.created}</TableCell>
                <TableCell>
                  <RowActionsDemo />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
        <Table>
          <TableHeader>
            <TableRow>
              <TableHead>Name</TableHead>
              <TableHead>Role</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            <TableEmpty colSpan={2}>No members yet.</TableEmpty>
          </TableBody>
        </Table>
      </Section>

      <Section title="Cards, copy, skeleton, empty state">
        <div className="grid gap-4 md:grid-cols-2">
          <Card>
            <CardHeader>
              <CardTitle>Your new API key</CardTitle>
              <CardDescription>Copy it now; it won&apos;t be shown again.</CardDescription>
            </CardHeader>
            <CardContent className="flex items-center gap-2">
              <code className="min-w-0 flex-1 truncate rounded-md bg-muted px-3 py-2 font-mono text-xs">
                gh_live_4f9a2c1e8b7d6a5f4e3d2c1b0a9f8e7d
              </code>
              <CopyButton value="gh_live_4f9a2c1e8b7d6a5f4e3d2c1b0a9f8e7d" variant="outline" size="md">
                Copy
              </CopyButton>
            </CardContent>
            <CardFooter className="justify-end">
              <Button variant="ghost">Done</Button>
            </CardFooter>
          </Card>
          <Card>
            <CardHeader>
              <CardTitle>Loading</CardTitle>
              <CardDescription>Skeleton placeholders.</CardDescription>
            </CardHeader>
            <CardContent className="grid gap-3">
              <Skeleton className="h-4 w-2/3" />
              <Skeleton className="h-4 w-full" />
              <Skeleton className="h-9 w-32" />
            </CardContent>
          </Card>
        </div>
        <EmptyState
          icon={Inbox}
          title="No API keys yet"
          description="Create a key to start calling the partner API."
          action={
            <Button>
              <Plus /> Create key
            </Button>
          }
        />
      </Section>

      <Section title="Chart colours">
        <div className="flex gap-2">
          {["bg-chart-1", "bg-chart-2", "bg-chart-3", "bg-chart-4", "bg-chart-5"].map((c) => (
            <div key={c} className={`h-10 flex-1 rounded-md ${c}`} title={c} />
          ))}
        </div>
      </Section>
    </main>
  );
}
