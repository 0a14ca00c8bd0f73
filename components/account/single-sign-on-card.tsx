import { db } from "@/lib/db";
import { installedOidcConfig } from "@/lib/auth/oidc/config";
import { listLinkedIdentities } from "@/lib/auth/oidc/link";
import { SingleSignOnControls } from "./single-sign-on-controls";

/**
 * The account page's "Single sign-on" card: the identities linked to this
 * account, "Link …" for the operator's provider, "Unlink". Loads its own data;
 * shows nothing on an install without single sign-on and an account without
 * a link.
 */
export async function SingleSignOnCard({ userId }: { userId: string }) {
  const config = installedOidcConfig();
  const [identities, user] = await Promise.all([
    listLinkedIdentities(userId),
    db.user.findUnique({ where: { id: userId }, select: { passwordHash: true } }),
  ]);
  if (!config && identities.length === 0) return null;
  const sameIssuer = (a: string, b: string) => a.replace(/\/+$/, "") === b.replace(/\/+$/, "");
  return (
    <SingleSignOnControls
      provider={config ? { displayName: config.displayName, linked: identities.some((i) => sameIssuer(i.issuer, config.issuer)) } : null}
      identities={identities.map((i) => ({ id: i.id, host: hostOf(i.issuer), email: i.email, createdAt: i.createdAt }))}
      hasPassword={!!user?.passwordHash}
    />
  );
}

function hostOf(issuer: string): string {
  try {
    return new URL(issuer).host;
  } catch {
    return issuer;
  }
}
