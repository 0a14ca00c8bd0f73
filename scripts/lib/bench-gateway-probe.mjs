/**
 * Loaded into a gateway's process by `npm run bench:gateway -- --probe`
 * (`node --import …/bench-gateway-probe.mjs`): on SIGUSR2 it prints one line,
 * `[probe] {json}`, with what happened in the process since the last SIGUSR2,
 * then starts over: the event loop's delay (how long a 1 ms timer waited:
 * the loop was blocked or the process was not scheduled) and the garbage
 * collector's pauses. Plain JavaScript, so it loads into Portkey's gateway
 * (plain Node) as well as Gatehouse's (TypeScript under tsx).
 */
import { constants, monitorEventLoopDelay, PerformanceObserver, performance } from "node:perf_hooks";

const RESOLUTION_MS = 1;
const loop = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
loop.enable();

const fresh = () => ({ count: 0, totalMs: 0, maxMs: 0, major: 0 });
let gc = fresh();
let since = performance.now();

new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    gc.count++;
    gc.totalMs += entry.duration;
    if (entry.duration > gc.maxMs) gc.maxMs = entry.duration;
    if (entry.detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) gc.major++;
  }
}).observe({ entryTypes: ["gc"] });

process.on("SIGUSR2", () => {
  // The histogram holds the timer's whole interval: what is beyond its 1 ms is the delay.
  const ms = (ns) => Math.max(0, ns / 1e6 - RESOLUTION_MS);
  const report = {
    seconds: (performance.now() - since) / 1000,
    loopP50Ms: ms(loop.percentile(50)),
    loopP99Ms: ms(loop.percentile(99)),
    loopMaxMs: ms(loop.max),
    gc,
  };
  process.stdout.write(`[probe] ${JSON.stringify(report)}\n`);
  loop.reset();
  gc = fresh();
  since = performance.now();
});
