import { emailSchema } from "./schemas";
import { safeCallbackUrl } from "./callback-url";

type SearchParams = Record<string, string | string[] | undefined>;

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/** `?email=` and `?callbackUrl=` of the sign-in and sign-up pages, made safe to use. */
export function authPageParams(searchParams: SearchParams): { email: string; callbackUrl: string } {
  const email = emailSchema.safeParse(first(searchParams.email) ?? "");
  return {
    email: email.success ? email.data : "",
    callbackUrl: safeCallbackUrl(first(searchParams.callbackUrl)),
  };
}
