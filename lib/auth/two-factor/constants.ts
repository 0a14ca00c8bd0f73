/** What the sign-in form and the server share about the second step. No server code here: client components import it. */

/** authorize()'s answer when the password was right and a code is needed: the form then asks for it. */
export const TWO_FACTOR_REQUIRED = "TWO_FACTOR_REQUIRED";

/** A wrong (or already used) authenticator or recovery code; the form shows it on the code field. */
export const WRONG_CODE = "That code didn't work. Check your authenticator app, or use a recovery code.";
