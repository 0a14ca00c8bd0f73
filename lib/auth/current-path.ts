import { headers } from "next/headers";
import { safeCallbackUrl } from "./callback-url";

/** The path of the page being rendered, as passed on by proxy.ts ("/" if unknown). */
export async function currentPath(): Promise<string> {
  return safeCallbackUrl((await headers()).get("x-gatehouse-path"));
}
