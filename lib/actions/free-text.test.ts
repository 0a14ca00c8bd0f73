/**
 * Every form's action, fed a lone UTF-16 surrogate (and line breaks where a
 * name belongs): the answer is a field error or a clear refusal, never the
 * generic INTERNAL error, and nothing is written. Each entry pairs the schema
 * the action validates with the service it calls, as the action files do.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { z } from "zod";
import type { Actor } from "../actor";
import { signUpSchema } from "../auth/schemas";
import { createUser } from "../auth/users";
import { db } from "../db";
import { acceptInvitation } from "../invitations/accept-invitation";
import { inviteMember } from "../invitations/invite-member";
import { resendInvitation } from "../invitations/resend-invitation";
import { revokeInvitation } from "../invitations/revoke-invitation";
import { acceptInvitationSchema, invitationRefSchema, inviteMemberSchema } from "../invitations/schemas";
import { quietEmailLog, resetInvitationLimits } from "../invitations/test-helpers";
import { createApiKey } from "../keys/create";
import { revokeApiKey } from "../keys/revoke";
import { rotateApiKey } from "../keys/rotate";
import { createApiKeySchema, revokeApiKeySchema, rotateApiKeySchema } from "../keys/schemas";
import { changeMemberRole } from "../members/change-member-role";
import { removeMember } from "../members/remove-member";
import { changeMemberRoleSchema, removeMemberSchema } from "../members/schemas";
import { membershipId } from "../members/test-helpers";
import { createTeam } from "../teams/create-team";
import { deleteTeam } from "../teams/delete-team";
import { leaveTeam } from "../teams/leave-team";
import { createTeamSchema, deleteTeamSchema, leaveTeamSchema, updateTeamSchema } from "../teams/schemas";
import { updateTeam } from "../teams/update-team";
import { makeTeam } from "../testing/factories";
import { userFacingError } from "../validation";
import { authedAction } from "./action";

type World = Awaited<ReturnType<typeof world>>;
type Form = {
  schema: z.ZodType;
  run: (input: never, actor: Actor) => Promise<unknown>;
  valid: (w: World) => Record<string, unknown>;
  /** The string fields a user (or a direct call) controls. */
  fields: string[];
  /** Fields shown as one line, where a line break must be refused too. */
  singleLine?: string[];
  /** Fields that may keep line breaks, but no other control character. */
  multiLine?: string[];
  /** Who submits it: the team's owner unless said otherwise. */
  by?: "developer";
};

async function world() {
  const { team, members } = await makeTeam(["owner", "developer"]);
  const owner = members.owner.actor;
  const invitation = await inviteMember(owner, { teamId: team.id, email: `guest-${team.id}@example.test`, role: "developer" });
  const { key } = await createApiKey(owner, { teamId: team.id, name: "CI", environment: "development", expiry: "never" });
  return { team, owner, developer: members.developer.actor, invitationId: invitation.invitationId, keyId: key.id, developerId: await membershipId(team.id, members.developer.user.id) };
}

const FORMS: Record<string, Form> = {
  "sign up": {
    schema: signUpSchema,
    run: (input) => createUser(input),
    valid: (w) => ({ name: "New Person", email: `new-${w.team.id}@example.test`, password: "long enough password" }),
    fields: ["name", "email"],
    singleLine: ["name"],
  },
  "create team": {
    schema: createTeamSchema,
    run: (input, actor) => createTeam(actor, input),
    valid: () => ({ name: "Globex", description: "Our team" }),
    fields: ["name", "description"],
    singleLine: ["name"],
    multiLine: ["description"],
  },
  "team settings": {
    schema: updateTeamSchema,
    run: (input, actor) => updateTeam(actor, input),
    valid: (w) => ({ teamId: w.team.id, name: "Renamed", description: "New text" }),
    fields: ["teamId", "name", "description"],
    singleLine: ["name"],
    multiLine: ["description"],
  },
  "delete team": {
    schema: deleteTeamSchema,
    run: (input, actor) => deleteTeam(actor, input),
    valid: (w) => ({ teamId: w.team.id, confirmName: w.team.name }),
    fields: ["teamId", "confirmName"],
  },
  "leave team": {
    schema: leaveTeamSchema,
    run: (input, actor) => leaveTeam(actor, input),
    valid: (w) => ({ teamId: w.team.id }),
    fields: ["teamId"],
    by: "developer",
  },
  invite: {
    schema: inviteMemberSchema,
    run: (input, actor) => inviteMember(actor, input),
    valid: (w) => ({ teamId: w.team.id, email: `other-${w.team.id}@example.test`, role: "billing", message: "Welcome!\nSee you." }),
    fields: ["teamId", "email", "message"],
    multiLine: ["message"],
  },
  "resend invitation": {
    schema: invitationRefSchema,
    run: (input, actor) => resendInvitation(actor, input),
    valid: (w) => ({ teamId: w.team.id, invitationId: w.invitationId }),
    fields: ["teamId", "invitationId"],
  },
  "revoke invitation": {
    schema: invitationRefSchema,
    run: (input, actor) => revokeInvitation(actor, input),
    valid: (w) => ({ teamId: w.team.id, invitationId: w.invitationId }),
    fields: ["teamId", "invitationId"],
  },
  "accept invitation": {
    schema: acceptInvitationSchema,
    run: (input, actor) => acceptInvitation(actor, input),
    valid: () => ({ token: "A".repeat(43) }),
    fields: ["token"],
  },
  "change role": {
    schema: changeMemberRoleSchema,
    run: (input, actor) => changeMemberRole(actor, input),
    valid: (w) => ({ teamId: w.team.id, membershipId: w.developerId, role: "billing" }),
    fields: ["teamId", "membershipId"],
  },
  "remove member": {
    schema: removeMemberSchema,
    run: (input, actor) => removeMember(actor, input),
    valid: (w) => ({ teamId: w.team.id, membershipId: w.developerId }),
    fields: ["teamId", "membershipId"],
  },
  "create key": {
    schema: createApiKeySchema,
    run: (input, actor) => createApiKey(actor, input),
    valid: (w) => ({ teamId: w.team.id, name: "Deploy", environment: "production", expiry: "custom", customDate: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10) }),
    fields: ["teamId", "name", "customDate"],
    singleLine: ["name"],
  },
  "revoke key": {
    schema: revokeApiKeySchema,
    run: (input, actor) => revokeApiKey(actor, input),
    valid: (w) => ({ teamId: w.team.id, keyId: w.keyId }),
    fields: ["teamId", "keyId"],
  },
  "rotate key": {
    schema: rotateApiKeySchema,
    run: (input, actor) => rotateApiKey(actor, input),
    valid: (w) => ({ teamId: w.team.id, keyId: w.keyId, overlap: "none" }),
    fields: ["teamId", "keyId"],
  },
};

const CASES = Object.entries(FORMS).flatMap(([form, spec]) => [
  ...spec.fields.map((field) => [form, field, "a lone surrogate", (v: string) => `${v}\uD83D`] as const),
  ...(spec.singleLine ?? []).map((field) => [form, field, "a line break", (v: string) => `${v}\nINFO forged log line`] as const),
  ...[...(spec.singleLine ?? []), ...(spec.multiLine ?? [])].map(
    (field) => [form, field, "an escape sequence", (v: string) => `${v}\u001b[2J`] as const,
  ),
]);

async function snapshot() {
  const [teams, users, memberships, invitations, keys, audit] = await Promise.all([
    db.team.count(),
    db.user.count(),
    db.membership.findMany({ select: { id: true, role: true }, orderBy: { id: "asc" } }),
    db.invitation.findMany({ select: { id: true, tokenHash: true, revokedAt: true }, orderBy: { id: "asc" } }),
    db.apiKey.findMany({ select: { id: true, name: true, revokedAt: true }, orderBy: { id: "asc" } }),
    db.auditLog.count(),
  ]);
  return { teams, users, memberships, invitations, keys, audit };
}

let unexpected: ReturnType<typeof vi.spyOn>;
beforeEach(async () => {
  quietEmailLog();
  await resetInvitationLimits();
  unexpected = vi.spyOn(console, "error").mockImplementation(() => {});
});
afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe.each(CASES)("%s: %s with %s", (form, field, _what, poison) => {
  it("is refused with a message for the field, not INTERNAL, and writes nothing", async () => {
    const w = await world();
    const spec = FORMS[form];
    const valid = spec.valid(w);
    const input = { ...valid, [field]: poison(String(valid[field])) };
    const before = await snapshot();

    const actor = spec.by ? w[spec.by] : w.owner;
    const action = authedAction(spec.schema, (parsed, a) => spec.run(parsed as never, a), async () => actor);
    const result = await action(input);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.code).not.toBe("INTERNAL");
    if (field === "token") expect(result.code).toBe("NOT_FOUND");
    else expect(result).toMatchObject({ code: "INVALID", fieldErrors: { [field]: expect.any(String) } });

    // The service on its own (as a route or a script would call it) refuses just as clearly.
    // (A bare ZodError counts as clear: every boundary turns it into INVALID.)
    const direct = await spec.run(input as never, actor).then(
      () => "accepted",
      (error: unknown) => userFacingError(error)?.code ?? error,
    );
    expect(direct).toMatch(/^(INVALID|NOT_FOUND)$/);

    expect(unexpected).not.toHaveBeenCalled();
    expect(await snapshot()).toEqual(before);
  });
});

describe("the same forms with good input", () => {
  it.each(Object.keys(FORMS).filter((f) => f !== "accept invitation"))("%s succeeds, so the refusals above are about the character", async (form) => {
    const w = await world();
    const spec = FORMS[form];
    const actor = spec.by ? w[spec.by] : w.owner;
    const action = authedAction(spec.schema, (parsed, a) => spec.run(parsed as never, a), async () => actor);
    await expect(action(spec.valid(w))).resolves.toMatchObject({ ok: true });
  });
});

describe("line breaks where they belong", () => {
  it("keep a team description's and an invitation message's line breaks, as \\n", async () => {
    const w = await world();
    const team = await createTeam(w.owner, { name: "Multi", description: "Line one\r\nLine two" });
    expect((await db.team.findUniqueOrThrow({ where: { id: team.id } })).description).toBe("Line one\nLine two");
    const issued = await inviteMember(w.owner, { teamId: w.team.id, email: `lines-${w.team.id}@example.test`, role: "billing", message: "Hi,\r\n\r\nwelcome!" });
    expect((await db.invitation.findUniqueOrThrow({ where: { id: issued.invitationId } })).message).toBe("Hi,\n\nwelcome!");
  });
});
