/**
 * What the sign-in page says when single sign-on comes back without a
 * session: Gatehouse's own refusals (./sign-in.ts) and next-auth's error
 * codes (its error page is the sign-in page). Unknown codes get the generic
 * line, so a hand-edited URL cannot put words on the page.
 */
import { DEFAULT_OIDC_DISPLAY_NAME } from "./constants";

/** "Okta", or "your identity provider" when the operator kept the default button name. */
function providerLabel(displayName: string): string {
  return displayName === DEFAULT_OIDC_DISPLAY_NAME ? "your identity provider" : displayName;
}

export function oidcErrorMessage(code: string | undefined, displayName: string): string | null {
  if (!code) return null;
  const provider = providerLabel(displayName);
  const Provider = provider[0].toUpperCase() + provider.slice(1);
  switch (code) {
    case "OidcEmailUnverified":
      return `An account with this email already exists, and ${provider} has not confirmed that the address is yours. Sign in with your password, then link single sign-on from your account page.`;
    case "OidcNoEmail":
      return `${Provider} did not share an email address with Gatehouse, so no account can be found or made for you. Ask your administrator to let Gatehouse read your email address.`;
    case "OAuthSignin":
      return `Could not reach ${provider}. Try again in a moment; if it keeps failing, tell your administrator.`;
    default:
      return "Single sign-on did not complete. Try again.";
  }
}
