import { revalidatePath } from "next/cache";

/** The key list and the per-key pages show status, so every key mutation refreshes both. */
export function revalidateKeyPages() {
  revalidatePath("/[team]/keys", "page");
  revalidatePath("/[team]/keys/[keyId]", "page");
}
