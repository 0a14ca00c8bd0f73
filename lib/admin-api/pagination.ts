import { z } from "zod";
import { AppError } from "../errors";

/** Ids are cuids: anything else (a NUL byte PostgreSQL would refuse, say) is no item of any list. */
const CURSOR = /^[A-Za-z0-9_-]+$/;
const NO_SUCH_ITEM = "no such item in this list.";

/**
 * Lists answer Anthropic's page shape, newest first (createdAt desc, then id desc),
 * with `before_id` (the page of newer items right before that one) or `after_id`
 * (the page of older items right after it), never both.
 */
export const pageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(20).meta({ description: "Items per page, 1 to 1000.", example: 20 }),
  before_id: z.string().min(1).max(200).regex(CURSOR, NO_SUCH_ITEM).optional().meta({ description: "Cursor: the page of items right before (newer than) this id." }),
  after_id: z.string().min(1).max(200).regex(CURSOR, NO_SUCH_ITEM).optional().meta({ description: "Cursor: the page of items right after (older than) this id." }),
});

export type PageQuery = { limit: number; before_id?: string; after_id?: string };

/** A list query: the page fields plus an endpoint's own filters, refusing both cursors at once. */
export function listQuery<S extends z.ZodRawShape>(filters: S) {
  return pageQuerySchema.extend(filters).refine((q) => !((q as PageQuery).before_id && (q as PageQuery).after_id), {
    message: "Give before_id or after_id, not both.",
    path: ["before_id"],
  });
}

export type Page<T> = { data: T[]; first_id: string | null; last_id: string | null; has_more: boolean };

/** The documented page schema around an item schema. */
export function pageSchema<T extends z.ZodType>(item: T, id: string, description: string) {
  return z
    .object({
      data: z.array(item),
      first_id: z.string().nullable().meta({ description: "The id of the first item of `data`, null when empty: pass it as `before_id` for the newer page." }),
      last_id: z.string().nullable().meta({ description: "The id of the last item of `data`, null when empty: pass it as `after_id` for the older page." }),
      has_more: z.boolean().meta({ description: "Whether there are more items past this page in the direction of the request." }),
    })
    .meta({ id, description });
}

type Row = { id: string; createdAt: Date };

/** The part of a Prisma delegate the helper needs (any model with `id` and `createdAt`). */
export type PageableModel<R extends Row> = {
  findFirst(args: { where: object; select: { id: true; createdAt: true } }): Promise<Row | null>;
  findMany(args: { where: object; orderBy: object[]; take: number; include?: object; select?: object }): Promise<R[]>;
};

/**
 * One page of `model` within `where` (which must scope to the caller's team: a cursor
 * outside it is unknown, so nothing leaks). An unknown cursor is a 400.
 */
export async function paginate<R extends Row, T extends { id: string }>(
  model: PageableModel<R>,
  where: object,
  query: PageQuery,
  map: (row: R) => T,
  shape: { include?: object; select?: object } = {},
): Promise<Page<T>> {
  if (query.before_id && query.after_id) throw new AppError("INVALID", "Give before_id or after_id, not both.");
  const cursorId = query.before_id ?? query.after_id;
  let range: object = {};
  if (cursorId) {
    const cursor = await model.findFirst({ where: { AND: [where, { id: cursorId }] }, select: { id: true, createdAt: true } });
    if (!cursor) throw new AppError("INVALID", `${query.before_id ? "before_id" : "after_id"}: no such item in this list.`);
    const op = query.before_id ? "gt" : "lt";
    range = { OR: [{ createdAt: { [op]: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { [op]: cursor.id } }] };
  }
  const direction = query.before_id ? "asc" : "desc";
  const rows = await model.findMany({
    where: { AND: [where, range] },
    orderBy: [{ createdAt: direction }, { id: direction }],
    take: query.limit + 1,
    ...shape,
  });
  const has_more = rows.length > query.limit;
  const kept = rows.slice(0, query.limit);
  if (query.before_id) kept.reverse();
  const data = kept.map(map);
  return { data, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null, has_more };
}

/** A page of items already in memory, newest first (for lists a service returns whole). */
export function paginateArray<T extends { id: string }>(items: T[], query: PageQuery): Page<T> {
  if (query.before_id && query.after_id) throw new AppError("INVALID", "Give before_id or after_id, not both.");
  let start = 0;
  let end = items.length;
  const cursorId = query.before_id ?? query.after_id;
  if (cursorId) {
    const at = items.findIndex((item) => item.id === cursorId);
    if (at === -1) throw new AppError("INVALID", `${query.before_id ? "before_id" : "after_id"}: no such item in this list.`);
    if (query.before_id) end = at;
    else start = at + 1;
  }
  const data = query.before_id ? items.slice(Math.max(start, end - query.limit), end) : items.slice(start, start + query.limit);
  const has_more = query.before_id ? end - query.limit > start : start + query.limit < end;
  return { data, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null, has_more };
}
