import type { AdminEndpoint } from "../define";

export const invitesEndpoints: AdminEndpoint[] = [];
