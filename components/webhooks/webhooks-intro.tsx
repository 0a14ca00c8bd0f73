import { ExternalLink } from "lucide-react";
import { buttonVariants } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { CodeBlock } from "@/components/ui/code-block";

export const STANDARD_WEBHOOKS_URL = "https://www.standardwebhooks.com/";

const VERIFY_SNIPPET = `import { Webhook } from "standardwebhooks";

const wh = new Webhook(process.env.GATEHOUSE_WEBHOOK_SECRET); // whsec_…

// In your POST handler, with the raw body as received:
const event = wh.verify(rawBody, {
  "webhook-id": req.headers["webhook-id"],
  "webhook-timestamp": req.headers["webhook-timestamp"],
  "webhook-signature": req.headers["webhook-signature"],
}); // throws if the signature or timestamp is wrong

console.log(event.type, event.data); // e.g. "api_key.revoked"`;

/** How deliveries work and how a receiver verifies them. */
export function WebhooksIntro() {
  return (
    <Card>
      <CardHeader>
        <CardTitle>Receiving webhooks</CardTitle>
        <CardDescription>
          Each event is a JSON <code className="font-mono text-xs">POST</code> of <code className="font-mono text-xs">{"{ type, timestamp, data }"}</code>, signed the
          Standard Webhooks way: verify the <code className="font-mono text-xs">webhook-signature</code> header with the endpoint&apos;s{" "}
          <code className="font-mono text-xs">whsec_</code> secret and answer any 2xx. Anything else is retried with growing pauses for about a day; an endpoint that
          keeps failing is turned off and the team&apos;s owners and admins are emailed.
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-3">
        <CodeBlock capHeight label="Node.js" text={VERIFY_SNIPPET} copyLabel="Copy example code" />
        <div>
          <a href={STANDARD_WEBHOOKS_URL} target="_blank" rel="noreferrer" className={buttonVariants({ variant: "outline", size: "sm" })}>
            <ExternalLink aria-hidden />
            Standard Webhooks libraries
          </a>
        </div>
      </CardContent>
    </Card>
  );
}
