/** The first call to try with an admin key: the team it belongs to. Client-safe. */
export function adminApiCurl(baseUrl: string, secret = "$GATEHOUSE_ADMIN_KEY"): string {
  return [`curl ${baseUrl}/v1/organizations/me \\`, `  -H "x-api-key: ${secret}" \\`, `  -H "anthropic-version: 2023-06-01"`].join("\n");
}
