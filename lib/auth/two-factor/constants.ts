/** What the sign-in form and the server share about the second step. No server code here: client components import it. */

/** authorize()'s answer when the password was right and a code is needed: the form then asks for it. */
export const TWO_FACTOR_REQUIRED = "TWO_FACTOR_REQUIRED";
