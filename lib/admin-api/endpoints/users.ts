import type { AdminEndpoint } from "../define";

export const usersEndpoints: AdminEndpoint[] = [];
