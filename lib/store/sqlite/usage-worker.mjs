// Entry point of the SQLite usage writer thread. Plain JavaScript on purpose:
// a worker starts as a bare Node thread (the parent passes no loader flags),
// so it registers tsx itself and then loads the TypeScript writer. That works
// the same under `tsx scripts/start.ts`, Vitest and the benchmark, and keeps
// the writer out of Next's bundles (nothing Next compiles imports this file).
import { register } from "tsx/esm/api";

register();
await import("./usage-worker-main.ts");
