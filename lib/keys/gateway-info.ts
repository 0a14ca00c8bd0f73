import { db } from "../db";
import { appBaseUrl } from "../email/config";
import { snippetModel } from "./gateway-snippet";

/**
 * Where partners call the gateway: the console's public URL (APP_URL, else
 * NEXTAUTH_URL), the one invitation links use, since the gateway answers on
 * the console's own port. Without /v1: the SDKs add it.
 */
export function gatewayBaseUrl(): string {
  return appBaseUrl();
}

/** For snippets not tied to one key (the keys list, the new-key dialog of an unrestricted key): the catalogue's first enabled model. */
export async function defaultSnippetModel(): Promise<string> {
  const first = await db.model.findFirst({
    where: { enabled: true },
    orderBy: [{ sortOrder: "asc" }, { id: "asc" }],
    select: { id: true, enabled: true },
  });
  return snippetModel(null, first ? [first] : []);
}
