import { describe, expect, it } from "vitest";
import { createUser, isFirstAccount } from "../auth/users";
import { db } from "../db";
import { requireOperator } from "./operators";

const signUp = (n: number | string) => createUser({ name: `Person ${n}`, email: `person-${n}@example.test`, password: "a long secret phrase" });

describe("the first account", () => {
  it("is the operator of a fresh install; the next one is not", async () => {
    expect(await db.user.count()).toBe(0);
    const first = await signUp("first");
    const second = await signUp("second");
    expect(await db.user.findUniqueOrThrow({ where: { id: first.id } })).toMatchObject({ isOperator: true });
    expect(await db.user.findUniqueOrThrow({ where: { id: second.id } })).toMatchObject({ isOperator: false });
    await expect(requireOperator({ userId: first.id })).resolves.toMatchObject({ id: first.id });
    await expect(requireOperator({ userId: second.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("is one account only when several sign up at the same moment", async () => {
    await db.user.deleteMany();
    await Promise.all([1, 2, 3, 4, 5].map((n) => signUp(`race-${n}`)));
    expect(await db.user.count()).toBe(5);
    expect(await db.user.count({ where: { isOperator: true } })).toBe(1);
  });
});

describe("isFirstAccount", () => {
  it("answers yes to one of several transactions that overlap on an empty install", async () => {
    await db.user.deleteMany();
    const answers = await Promise.all(
      [1, 2, 3, 4].map((n) =>
        db.$transaction(async (tx) => {
          const first = await isFirstAccount(tx);
          // Hold the transaction open so the others run their checks meanwhile.
          await new Promise((resolve) => setTimeout(resolve, 100));
          await tx.user.create({ data: { name: `Overlap ${n}`, email: `overlap-${n}@example.test`, passwordHash: "x", isOperator: first } });
          return first;
        }),
      ),
    );
    expect(answers.filter(Boolean)).toHaveLength(1);
  });
});
