import { revalidatePath } from "next/cache";

/** The admin keys page lists status and last use; every admin key change refreshes it. */
export function revalidateAdminKeyPages() {
  revalidatePath("/[team]/admin-keys", "page");
}
