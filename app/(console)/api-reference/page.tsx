import type { Metadata } from "next";
import { ApiReferenceView } from "@/components/api-reference/api-reference-view";
import { appBaseUrl } from "@/lib/email/config";

export const metadata: Metadata = { title: "API reference" };

/**
 * The Admin API and /api/v1 reference, rendered from the OpenAPI document the
 * server generates from its own schemas. Any signed-in user may read it (the
 * console layout requires a session); the document itself is public.
 */
export default function ApiReferencePage() {
  return (
    <div className="mx-auto w-full max-w-7xl flex-1 px-0 sm:px-2">
      <h1 className="sr-only">API reference</h1>
      <ApiReferenceView specUrl="/api/openapi.json" baseUrl={appBaseUrl()} />
    </div>
  );
}
