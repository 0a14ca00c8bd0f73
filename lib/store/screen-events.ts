import { usageEventProblem, type UsageEventInput } from "../usage/events";
import { emptyWriteResult, type UsageWriteResult } from "./types";

/** What an engine's usage writer reports for one batch. */
export type UsageWriteOutcome = UsageWriteResult & {
  /** Not written because of a database-level error; retry them later, in order. */
  unwritten: readonly UsageEventInput[];
  /** The database-level error, when there was one. */
  error?: unknown;
  /** One reason an event was discarded, for the log. */
  sampleProblem?: string;
};

/**
 * The first step of every engine's write: malformed events are counted as
 * invalid and set aside before any SQL, so they cost only themselves.
 */
export function screenEvents(batch: readonly UsageEventInput[]): { valid: UsageEventInput[]; result: UsageWriteOutcome } {
  const result: UsageWriteOutcome = { ...emptyWriteResult(), unwritten: [] };
  const valid: UsageEventInput[] = [];
  for (const e of batch) {
    const problem = usageEventProblem(e);
    if (problem === null) valid.push(e);
    else {
      result.invalid++;
      result.sampleProblem ??= problem;
    }
  }
  return { valid, result };
}
