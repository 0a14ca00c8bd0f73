import { revalidatePath } from "next/cache";

/** Every operator page reads what these actions change; refresh the whole area. */
export function revalidateOperatorPages() {
  revalidatePath("/operator", "layout");
}
