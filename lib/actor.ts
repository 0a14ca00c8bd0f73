import type { RequestMeta } from "./request-meta";

/** Who is doing something, and from where: passed explicitly to every service function. */
export type Actor = { userId: string; email: string } & RequestMeta;
