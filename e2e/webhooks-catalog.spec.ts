import { expect, test } from "./support/test.ts";
import { accounts } from "./support/accounts.ts";
import { expectNoAxeViolations } from "./support/axe.ts";
import { screenshotBoth } from "./support/webhook-steps.ts";

const EVENTS: [string, string][] = [
  ["client.created", "New client added"],
  ["client.updated", "Client details changed"],
  ["project.created", "New project created"],
  ["project.updated", "Project details changed"],
  ["project.completed", "Project marked complete"],
  ["task.created", "New task added"],
  ["task.updated", "Task details changed"],
  ["task.stage_changed", "Task moved to new stage"],
  ["invoice.created", "New invoice created"],
  ["invoice.sent", "Invoice emailed to client"],
  ["invoice.paid", "Invoice payment received"],
  ["ticket.created", "New support ticket"],
  ["ticket.reply", "Ticket reply added"],
  ["time_entry.created", "New time entry logged"],
];

test("the event catalog lists every event with its description, fields and sample payload", async ({
  page,
  signIn,
}, testInfo) => {
  await signIn(page, accounts.admin, "/settings/webhooks/events");
  await expect(page.getByRole("heading", { level: 1, name: "Event catalog" })).toBeVisible();
  await expect(page.getByTestId("catalog-event")).toHaveCount(EVENTS.length);
  for (const [type, description] of EVENTS) {
    const entry = page
      .getByTestId("catalog-event")
      .filter({ has: page.getByRole("heading", { name: type, exact: true }) });
    await expect(entry).toContainText(description);
    await expect(entry.getByRole("group", { name: `${type} sample payload` })).toContainText(`"event": "${type}"`);
  }
  const paid = page
    .getByTestId("catalog-event")
    .filter({ has: page.getByRole("heading", { name: "invoice.paid", exact: true }) });
  await expect(paid.getByRole("row", { name: /paid_date.*date \(YYYY-MM-DD\)/ })).toBeVisible();
  await expect(paid.getByRole("group", { name: "invoice.paid sample payload" })).toContainText(
    '"invoice_number": "INV-2026-0042"',
  );
  await expectNoAxeViolations(page, "event catalog");
  await screenshotBoth(page, testInfo, "webhook-events");
});

test("signature verification snippets for Node, PHP and Python can be copied", async ({ page, context, signIn }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await signIn(page, accounts.admin, "/settings/webhooks/events");
  const verify = page.getByRole("region", { name: "Verify signatures" });
  for (const language of ["Node.js", "PHP", "Python"]) {
    await verify.getByRole("tab", { name: new RegExp(`^${language.replace(".", "\\.")}`) }).click();
    const panel = verify.getByRole("tabpanel");
    await expect(panel).toContainText(/X-AOSAI-Signature|x-aosai-signature|HTTP_X_AOSAI_SIGNATURE/i);
    await panel.getByRole("button", { name: /^Copy / }).click();
    await expect(panel.getByRole("status")).toHaveText("Copied");
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied.length).toBeGreaterThan(50);
    expect(await panel.getByRole("group").textContent()).toBe(copied);
  }
});
