import { describe, expect, it } from "vitest";
import { z } from "zod";
import { db } from "../db";
import { AppError } from "../errors";
import { makeTeam } from "../testing/factories";
import { getKeyUsage } from "../usage/query";
import { orNotFound } from "./team-page";

/** What next/navigation's notFound() throws: Next renders the 404 page for it. */
const NOT_FOUND_PAGE = { digest: expect.stringMatching(/^NEXT_HTTP_ERROR_FALLBACK;404/) };

describe("orNotFound (the key usage page's service read)", () => {
  it("renders the 404 page for a malformed key id from the URL, not the error page", async () => {
    const { team, members } = await makeTeam(["owner"]);
    for (const keyId of ["x".repeat(65), "not an id", "id%00"]) {
      await expect(orNotFound(getKeyUsage(members.owner.actor, { teamId: team.id, keyId, range: "7d" }))).rejects.toMatchObject(NOT_FOUND_PAGE);
    }
  });

  it("renders the 404 page for another team's key", async () => {
    const { team, members } = await makeTeam(["owner"]);
    const other = await makeTeam(["owner"]);
    const key = await db.$transaction((tx) =>
      tx.apiKey.create({ data: { teamId: other.team.id, name: "k", environment: "development", prefix: "gk_test_", last4: "abcd", hash: "h-orNotFound" } }),
    );
    await expect(orNotFound(getKeyUsage(members.owner.actor, { teamId: team.id, keyId: key.id, range: "7d" }))).rejects.toMatchObject(NOT_FOUND_PAGE);
  });

  it("treats a bare zod error from a service the same way", async () => {
    await expect(orNotFound(Promise.resolve().then(() => z.string().parse(1)))).rejects.toMatchObject(NOT_FOUND_PAGE);
  });

  it("passes results through and leaves other failures to the error page", async () => {
    await expect(orNotFound(Promise.resolve(42))).resolves.toBe(42);
    const internal = new Error("SQLITE_BUSY");
    await expect(orNotFound(Promise.reject(internal))).rejects.toBe(internal);
    await expect(orNotFound(Promise.reject(new AppError("FORBIDDEN", "No.")))).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
