/**
 * What POST /api/v1/keys/leaked accepts and answers: GitHub's secret-scanning partner format
 * (https://docs.github.com/en/code-security/secret-scanning/secret-scanning-partnership-program).
 * Shared by the route, its tests and the OpenAPI document.
 */
import { z } from "zod";

export const MAX_LEAKED_TOKENS_PER_REPORT = 1000;

export const leakedTokenSchema = z
  .object({
    token: z.string().min(1, "A token cannot be empty.").max(1000, "Not a token.").meta({
      description: "The string found in public: a Gatehouse key (gk_live_… or gk_test_…) or anything else.",
      example: "gk_live_0123456789ABCDEFGHIJabcdefghij0123456789ABCDEF",
    }),
    type: z.string().max(200).meta({ description: "The scanner's name for the kind of secret.", example: "gatehouse_api_key" }),
    url: z.string().max(2000).meta({ description: "Where it was found.", example: "https://github.com/octo/app/blob/abc123/.env#L3" }),
    // Optional: GitHub's earlier payloads had no `source`.
    source: z.string().max(200).optional().meta({ description: "What kind of place it was found in (content, commit, issue_comment, …).", example: "content" }),
  })
  .meta({ id: "LeakedToken", description: "One token a secret scanner found in public." });

export const leakedReportSchema = z
  .array(leakedTokenSchema)
  .min(1, "Report at least one token.")
  .max(MAX_LEAKED_TOKENS_PER_REPORT, `Report at most ${MAX_LEAKED_TOKENS_PER_REPORT} tokens per call.`)
  .meta({
    id: "LeakedReport",
    description:
      "Tokens found in public (GitHub's secret-scanning partner format). Authenticated by a service token or by GitHub's signature headers Github-Public-Key-Identifier and Github-Public-Key-Signature.",
  });

export const leakedLabelSchema = z.enum(["true_positive", "false_positive"]).meta({
  id: "LeakedLabel",
  description: "true_positive: the token is a Gatehouse key of this install, now revoked (or already revoked). false_positive: it is not.",
});

export const leakedAnswerItemSchema = z
  .object({
    token_raw: z.string().meta({ description: "The token as reported." }),
    token_type: z.string().meta({ description: "The type as reported." }),
    label: leakedLabelSchema,
  })
  .meta({ id: "LeakedAnswerItem" });

export const leakedAnswerSchema = z
  .array(leakedAnswerItemSchema)
  .meta({ id: "LeakedAnswer", description: "One label for every reported token, in the order reported." });

export type LeakedReport = z.infer<typeof leakedReportSchema>;
export type LeakedAnswer = z.infer<typeof leakedAnswerSchema>;
export type LeakedLabel = z.infer<typeof leakedLabelSchema>;
