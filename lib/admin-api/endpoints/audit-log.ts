import type { AdminEndpoint } from "../define";

export const auditLogEndpoints: AdminEndpoint[] = [];
