import path from "node:path";

/** The SQLite file Gatehouse uses: DATABASE_URL (file:…) or ./data/gatehouse.db. */
export function databaseFile(): string {
  const url = process.env.DATABASE_URL;
  if (url && url.startsWith("file:")) {
    const file = url.slice("file:".length);
    return path.isAbsolute(file) ? file : path.resolve(process.cwd(), file);
  }
  return path.resolve(process.cwd(), "data", "gatehouse.db");
}

export function dataDir(): string {
  return process.env.GATEHOUSE_DATA_DIR
    ? path.resolve(process.env.GATEHOUSE_DATA_DIR)
    : path.dirname(databaseFile());
}
