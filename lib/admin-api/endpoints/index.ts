import type { AdminEndpoint } from "../define";
import { apiKeysEndpoints } from "./api-keys";
import { auditLogEndpoints } from "./audit-log";
import { costReportEndpoints } from "./cost-report";
import { invitesEndpoints } from "./invites";
import { organizationEndpoints } from "./organization";
import { usageReportEndpoints } from "./usage-report";
import { usersEndpoints } from "./users";

/** Every Admin API endpoint, in the order the OpenAPI document lists them. */
export const ADMIN_ENDPOINTS: AdminEndpoint[] = [
  ...organizationEndpoints,
  ...usersEndpoints,
  ...invitesEndpoints,
  ...apiKeysEndpoints,
  ...usageReportEndpoints,
  ...costReportEndpoints,
  ...auditLogEndpoints,
];
