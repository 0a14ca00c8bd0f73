/** Work to finish before the process exits (flushing buffers, closing files). */
type Hook = { name: string; run: () => Promise<void> | void };
const hooks: Hook[] = [];

export function onShutdown(name: string, run: Hook["run"]): void {
  hooks.push({ name, run });
}

export async function runShutdownHooks(): Promise<void> {
  // Last registered runs first, like a stack of resources.
  for (const hook of [...hooks].reverse()) {
    try {
      await hook.run();
    } catch (error) {
      console.error(`[shutdown] ${hook.name} failed`, error);
    }
  }
}
