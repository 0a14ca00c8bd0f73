import { expect, test } from "@playwright/test";
import { createTeam, joinWithLink, newUser, uniqueEmail } from "../support/accounts";
import { membershipOf, teamBySlug } from "../support/db";
import { callServerAction } from "../support/server-action";
import { invite } from "../support/team";

test("the server refuses a developer who calls member actions directly", async ({ browser }) => {
  const owner = await newUser(browser, "owner");
  const slug = await createTeam(owner.page, `Perm ${Date.now().toString(36)}`);
  const team = teamBySlug(slug);

  // The owner copies the invite link from the dialog instead of using email.
  const devEmail = uniqueEmail("dev");
  const link = await invite(owner.page, slug, devEmail, "developer");
  const { context: devContext, page: dev } = await joinWithLink(browser, link, "Dev Direct", devEmail);

  // No controls are shown to the developer…
  await dev.goto(`/${slug}/members`);
  await expect(dev.getByRole("button", { name: /^Remove/ })).toHaveCount(0);

  // …and calling the actions anyway is refused by the server.
  const ownerMembership = membershipOf(team.id, owner.email)!;
  const devMembership = membershipOf(team.id, devEmail)!;
  const remove = await callServerAction(dev.request, {
    pagePath: `/${slug}/members`,
    filename: "lib/actions/members/remove-member.ts",
    exportedName: "removeMember",
    args: [{ teamId: team.id, membershipId: ownerMembership.id }],
  });
  expect(remove.body).toContain('"code":"FORBIDDEN"');

  const promote = await callServerAction(dev.request, {
    pagePath: `/${slug}/members`,
    filename: "lib/actions/members/change-member-role.ts",
    exportedName: "changeMemberRole",
    args: [{ teamId: team.id, membershipId: devMembership.id, role: "owner" }],
  });
  expect(promote.body).toContain('"code":"FORBIDDEN"');

  // Nothing changed.
  expect(membershipOf(team.id, owner.email)?.role).toBe("owner");
  expect(membershipOf(team.id, devEmail)?.role).toBe("developer");

  // A stranger is told the team does not exist.
  const stranger = await newUser(browser, "stranger");
  const peek = await callServerAction(stranger.page.request, {
    pagePath: `/${slug}/members`,
    filename: "lib/actions/members/remove-member.ts",
    exportedName: "removeMember",
    args: [{ teamId: team.id, membershipId: devMembership.id }],
  });
  expect(peek.body).toContain('"code":"NOT_FOUND"');
  expect(membershipOf(team.id, devEmail)).toBeDefined();

  for (const c of [owner.context, devContext, stranger.context]) await c.close();
});
