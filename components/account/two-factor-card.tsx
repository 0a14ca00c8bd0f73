import { getTwoFactorStatus } from "@/lib/auth/two-factor/manage";
import { TwoFactorPanel } from "./two-factor-panel";

/**
 * The account page's "Two-factor authentication" card (#two-factor): turn it
 * on (QR code, secret, recovery codes), make new recovery codes, turn it off.
 * Loads its own data. A team that requires two-factor sends members without
 * it here (?twoFactorFor=<team>), and the card names the team.
 */
export async function TwoFactorCard({ user }: { user: { id: string; email: string } }) {
  const status = await getTwoFactorStatus(user.id);
  return <TwoFactorPanel email={user.email} {...status} />;
}
