import { expect, test } from "./support/test.ts";
import { accounts } from "./support/accounts.ts";
import { expectNoAxeViolations } from "./support/axe.ts";
import { createWebhook, emitEvent, screenshotBoth, uniqueName } from "./support/webhook-steps.ts";

test("an agency without webhooks sees what webhooks are and an Add Webhook button", async ({
  page,
  signIn,
}, testInfo) => {
  // The seed's second agency owns no webhooks, and no suite creates one for it.
  await signIn(page, accounts.otherAdmin, "/settings/webhooks");
  await expect(page.getByRole("heading", { name: "No webhooks yet" })).toBeVisible();
  await expect(page.getByText(/sends events such as invoice\.paid/)).toBeVisible();
  await page.getByRole("link", { name: "Add Webhook" }).click();
  await expect(page).toHaveURL(/\/settings\/webhooks\/new$/);
  await page.goto("/settings/webhooks");
  await expectNoAxeViolations(page, "empty webhooks list");
  await screenshotBoth(page, testInfo, "webhooks-empty");
});

test("a new webhook appears in the list with its events, status, last delivery and success rate", async ({
  page,
  signIn,
  receiver,
}, testInfo) => {
  await signIn(page, accounts.admin);
  const name = uniqueName("List hook");
  const { secret } = await createWebhook(page, { name, url: receiver.url, events: ["invoice.paid", "client.created"] });
  receiver.secrets = [secret];

  await page.goto("/settings/webhooks");
  const row = page.getByTestId("webhook-row").filter({ hasText: name, visible: true });
  await expect(row).toHaveCount(1);
  await expect(row.getByText(receiver.url)).toBeVisible();
  await expect(row.getByTestId("webhook-status")).toHaveText("Active");
  await expect(row.getByText("No deliveries yet")).toBeVisible();
  await row.getByTestId("events-count").hover();
  await expect(row.getByTestId("events-count")).toHaveText("2 events");
  await expect(page.getByRole("tooltip")).toContainText("invoice.paid");
  await expect(page.getByRole("tooltip")).toContainText("client.created");

  // The receiver is subscribed: a real event arrives, signed.
  const eventId = await emitEvent(page.request, "invoice.paid");
  await expect.poll(() => receiver.forEvent(eventId).length, { timeout: 20_000 }).toBe(1);
  expect(receiver.forEvent(eventId)[0].standardVerifiedWith).toEqual([secret]);
  expect(receiver.forEvent(eventId)[0].aosaiVerifiedWith).toEqual([secret]);

  await expect
    .poll(
      async () => {
        await page.reload();
        return row.getByTestId("success-rate").textContent();
      },
      { timeout: 20_000 },
    )
    .toBe("100%");
  await expect(row.getByTestId("delivery-status")).toHaveText("Succeeded");
  await expect(row.getByText("200", { exact: true })).toBeVisible();

  await expectNoAxeViolations(page, "webhooks list");
  await screenshotBoth(page, testInfo, "webhooks-list");
});

test("row actions: Disable and Enable change the status; Delete asks first, then removes the webhook", async ({
  page,
  signIn,
  receiver,
}) => {
  await signIn(page, accounts.admin);
  const name = uniqueName("Row actions hook");
  await createWebhook(page, { name, url: receiver.url, events: ["task.created"] });
  await page.goto("/settings/webhooks");
  const row = page.getByTestId("webhook-row").filter({ hasText: name, visible: true });

  await row.getByRole("button", { name: `Actions for ${name}` }).click();
  await page.getByRole("menuitem", { name: "Disable" }).click();
  await expect(row.getByTestId("webhook-status")).toHaveText("Disabled by an admin");

  await row.getByRole("button", { name: `Actions for ${name}` }).click();
  await page.getByRole("menuitem", { name: "Enable" }).click();
  await expect(row.getByTestId("webhook-status")).toHaveText("Active");

  await row.getByRole("button", { name: `Actions for ${name}` }).click();
  await expect(page.getByRole("menuitem", { name: "View Logs" })).toBeVisible();
  await expect(page.getByRole("menuitem", { name: "Test" })).toBeVisible();
  await page.getByRole("menuitem", { name: "Delete" }).click();
  const dialog = page.getByRole("alertdialog");
  await expect(dialog).toContainText(`Delete ${name}?`);
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(row).toHaveCount(1);

  await row.getByRole("button", { name: `Actions for ${name}` }).click();
  await page.getByRole("menuitem", { name: "Delete" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Delete webhook" }).click();
  await expect(row).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId("webhook-row").filter({ hasText: name, visible: true })).toHaveCount(0);
});

test("GET /api/webhooks lists the agency's webhooks without secrets", async ({ page, signIn, receiver }) => {
  await signIn(page, accounts.admin);
  const name = uniqueName("API hook");
  const { id, secret } = await createWebhook(page, { name, url: receiver.url, events: ["ticket.created"] });
  const response = await page.request.get("/api/webhooks");
  expect(response.status()).toBe(200);
  const text = await response.text();
  expect(text).not.toContain(secret);
  expect(text).not.toContain("secretEnc");
  const body = JSON.parse(text) as { webhooks: { id: string; name: string; events: string[]; status: string }[] };
  expect(body.webhooks.find((w) => w.id === id)).toMatchObject({ name, events: ["ticket.created"], status: "active" });
});

test("a member is refused: no menu entry, a 403 page, and 403 from the API", async ({ page, signIn }) => {
  await signIn(page, accounts.member);
  await expect(page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Webhooks" })).toHaveCount(
    0,
  );
  for (const path of ["/settings/webhooks", "/settings/webhooks/new", "/settings/webhooks/events"]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(403);
  }
  const api = await page.request.get("/api/webhooks");
  expect(api.status()).toBe(403);
  expect(await api.json()).toEqual({ error: "Only agency owners and admins can manage webhooks." });
});
