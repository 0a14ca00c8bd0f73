// Registers every /api/v1 endpoint with the router. Imported once by the server.
import { route } from "./router";
import { handleUsageReport } from "./usage-route";
import { handleVerify } from "./verify-route";

route("POST", "/api/v1/keys/verify", handleVerify);
route("POST", "/api/v1/usage", handleUsageReport);
