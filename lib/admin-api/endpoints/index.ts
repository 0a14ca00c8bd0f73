import type { AdminEndpoint } from "../define";
import { auditLogEndpoints } from "./audit-log";
import { invitesEndpoints } from "./invites";
import { organizationEndpoints } from "./organization";
import { usersEndpoints } from "./users";

/** Every Admin API endpoint, in the order the OpenAPI document lists them. */
export const ADMIN_ENDPOINTS: AdminEndpoint[] = [...organizationEndpoints, ...usersEndpoints, ...invitesEndpoints, ...auditLogEndpoints];
