import { BookOpen } from "lucide-react";
import Link from "next/link";
import { buttonVariants } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { adminApiCurl } from "@/lib/admin-keys/example";
import { CodeBlock } from "@/components/ui/code-block";

/** What the Admin API is, where it is documented, and a first call to try. */
export function AdminApiIntro({ baseUrl }: { baseUrl: string }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>The Admin API</CardTitle>
        <CardDescription>
          Automate this team from scripts and CI: members, invitations, API keys, usage and cost reports and the audit log, under{" "}
          <code className="font-mono text-xs">/v1/organizations/</code>, in the shapes of Anthropic&apos;s Admin API. An admin key acts for
          the person who created it, with at most its own role, and stops working if that person stops being an owner or admin here. Its
          calls are audited with the key as the actor.
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-3">
        <CodeBlock label="Shell" text={adminApiCurl(baseUrl)} copyLabel="Copy example command" />
        <div>
          <Link href="/api-reference" className={buttonVariants({ variant: "outline", size: "sm" })}>
            <BookOpen aria-hidden />
            API reference
          </Link>
        </div>
      </CardContent>
    </Card>
  );
}
