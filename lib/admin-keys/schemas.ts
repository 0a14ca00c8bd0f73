import { z } from "zod";
import { EXPIRY_CHOICES } from "../keys/constants";
import { keyNameSchema } from "../keys/schemas";
import { idSchema } from "../validation";
import { ADMIN_KEY_ROLES } from "./constants";

export const createAdminKeySchema = z
  .object({
    teamId: idSchema("team"),
    name: keyNameSchema,
    role: z.enum(ADMIN_KEY_ROLES, { error: "Choose what the key may do." }),
    expiry: z.enum(EXPIRY_CHOICES, { error: "Choose when the key expires." }),
    /** ISO instant (the form sends the end of the chosen day in the user's time zone) or YYYY-MM-DD. */
    customDate: z.string().trim().max(40, "Enter a date like 2027-01-31.").optional(),
  })
  .refine((v) => v.expiry !== "custom" || !!v.customDate, { message: "Pick a date.", path: ["customDate"] });
export type CreateAdminKeyInput = z.input<typeof createAdminKeySchema>;

export const revokeAdminKeySchema = z.object({ teamId: idSchema("team"), adminKeyId: idSchema("admin key") });
export type RevokeAdminKeyInput = z.input<typeof revokeAdminKeySchema>;
