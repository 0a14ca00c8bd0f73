/**
 * What `npm start` runs after startApi: the gateway on the API's runtime
 * (the same store, limits, catalogue, spend ledger and usage buffer), and its
 * drain as a shutdown hook. Registered after the API's usage flush, so it
 * runs before it (hooks run last-registered first): streams finish, then
 * their usage is written.
 */
import { onShutdown } from "../server/lifecycle";
import { gatewayConfigFromEnv } from "./config";
import { Gateway, type GatewayDeps } from "./gateway";

type Env = Readonly<Record<string, string | undefined>>;

export function startGateway(runtime: GatewayDeps, env: Env = process.env): Gateway {
  const config = gatewayConfigFromEnv(env);
  const gateway = new Gateway(runtime, config);
  onShutdown("gateway-drain", () => gateway.drain(config.drainSeconds * 1000));
  if (config.upstreamApiKey === null) {
    console.warn("[gateway] ANTHROPIC_UPSTREAM_API_KEY is not set: /v1/messages answers 503 until it is");
  } else {
    console.log(`[gateway] forwarding /v1/messages to ${config.upstream.origin}${config.upstream.pathPrefix}`);
  }
  return gateway;
}
