/**
 * "Last used" of a service token, written off the request path through the
 * console's Prisma client (one small write a minute per token per process),
 * so neither engine's hot-path connection ever writes. A failure is logged,
 * never raised: it must not cost the request.
 */
export function touchServiceTokenLater(id: string, now: number): void {
  void import("../db")
    .then(({ db }) => db.serviceToken.updateMany({ where: { id }, data: { lastUsedAt: new Date(now) } }))
    .catch((error: Error) => console.warn(`[service-tokens] could not record last use: ${error.message}`));
}
