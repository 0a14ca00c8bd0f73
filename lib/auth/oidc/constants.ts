/** Safe to import from client components: no server code here. */

/** next-auth's provider id: also the last segment of the callback URL, `/api/auth/callback/oidc`. */
export const OIDC_PROVIDER_ID = "oidc";

export const DEFAULT_OIDC_DISPLAY_NAME = "single sign-on";
