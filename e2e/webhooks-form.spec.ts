import { expect, test } from "./support/test.ts";
import { accounts } from "./support/accounts.ts";
import { expectNoAxeViolations } from "./support/axe.ts";
import { Receiver } from "./support/receiver.ts";
import { createWebhook, emitEvent, screenshotBoth, uniqueName } from "./support/webhook-steps.ts";

test("every validation error appears beside its field, and what was typed stays", async ({
  page,
  signIn,
  receiver,
}, testInfo) => {
  await signIn(page, accounts.admin, "/settings/webhooks/new");
  await page.getByRole("button", { name: "Save Webhook" }).click();
  await expect(page.getByTestId("form-error")).toHaveText("Check the highlighted fields.");
  await expect(page.getByTestId("name-error")).toHaveText("Enter a name");
  await expect(page.getByTestId("url-error")).toHaveText("Enter the endpoint URL");
  await expect(page.getByTestId("events-error")).toHaveText("Select at least one event");
  await expect(page.getByLabel("Name", { exact: true })).toHaveAttribute("aria-invalid", "true");

  // The URL is checked while typing.
  const url = page.getByLabel("URL", { exact: true });
  await url.fill("not a url");
  await expect(page.getByTestId("url-error")).toHaveText("Enter a full URL such as https://example.com/webhooks");
  await url.fill("ftp://files.example.com/hook");
  await expect(page.getByTestId("url-error")).toHaveText("The URL must start with https:// or http://");
  await url.fill(receiver.url);
  await expect(page.getByTestId("url-error")).toBeEmpty();
  await expect(page.getByText("This URL can receive webhooks.")).toBeVisible();

  const name = uniqueName("Validation hook");
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByRole("checkbox", { name: /^invoice\.paid\b/ }).check();
  await page.getByRole("button", { name: "Add header" }).click();
  await page.getByLabel("Header 1 name").fill("X-AOSAI-Signature");
  await page.getByLabel("Header 1 value").fill("forged");
  await page.getByRole("button", { name: "Save Webhook" }).click();
  await expect(page.getByTestId("headers-error")).toHaveText(
    '"X-AOSAI-Signature" is set by Agency OS and cannot be overridden',
  );
  await page.getByLabel("Header 1 name").fill("bad header");
  await page.getByRole("button", { name: "Save Webhook" }).click();
  await expect(page.getByTestId("headers-error")).toHaveText('"bad header" is not a valid header name');
  await page.getByLabel("Header 1 name").fill("");
  await page.getByRole("button", { name: "Save Webhook" }).click();
  await expect(page.getByTestId("headers-error")).toHaveText("Give every header a name, or remove the row");

  // Nothing typed was lost along the way.
  await expect(page.getByLabel("Name", { exact: true })).toHaveValue(name);
  await expect(url).toHaveValue(receiver.url);
  await expect(page.getByRole("checkbox", { name: /^invoice\.paid\b/ })).toBeChecked();
  await expect(page.getByLabel("Header 1 value")).toHaveValue("forged");
  await expect(page).toHaveURL(/\/settings\/webhooks\/new$/);

  await expectNoAxeViolations(page, "Add Webhook form with errors");
  await screenshotBoth(page, testInfo, "webhook-form-errors");
});

test("Add Webhook with select-all, a custom header and the generated secret; the receiver gets verified events", async ({
  page,
  signIn,
  receiver,
}, testInfo) => {
  await signIn(page, accounts.admin, "/settings/webhooks/new");
  const name = uniqueName("Everything hook");
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("URL", { exact: true }).fill(receiver.url);
  const all = page.getByRole("checkbox", { name: /^All events/ });
  await all.check();
  await expect(page.getByText("All events (14 of 14 selected)")).toBeVisible();
  await page.getByRole("checkbox", { name: "Select all Time entries" }).uncheck();
  await expect(all).toHaveAttribute("data-state", "indeterminate");
  await expect(page.getByRole("checkbox", { name: /^time_entry\.created\b/ })).not.toBeChecked();
  await page.getByRole("checkbox", { name: "Select all Tickets" }).uncheck();
  await page.getByRole("checkbox", { name: /^ticket\.reply\b/ }).check();
  await expect(page.getByRole("checkbox", { name: "Select all Tickets" })).toHaveAttribute(
    "data-state",
    "indeterminate",
  );
  await page.getByRole("button", { name: "Add header" }).click();
  await page.getByLabel("Header 1 name").fill("X-Api-Key");
  await page.getByLabel("Header 1 value").fill("k-123");
  await page.getByRole("button", { name: "Reveal" }).click();
  const secret = (await page.getByTestId("secret-value").textContent())!.trim();
  await expect(page.getByRole("button", { name: "Copy signing secret" })).toBeVisible();
  await screenshotBoth(page, testInfo, "webhook-form");
  await page.getByRole("button", { name: "Save Webhook" }).click();
  await expect(page).toHaveURL(/\/settings\/webhooks\/wh_/);
  await expect(page.getByTestId("webhook-events").getByRole("listitem")).toHaveCount(12);
  await expect(page.getByText("X-Api-Key")).toBeVisible();

  receiver.secrets = [secret];
  const eventId = await emitEvent(page.request, "ticket.reply");
  await expect.poll(() => receiver.forEvent(eventId).length, { timeout: 20_000 }).toBe(1);
  const got = receiver.forEvent(eventId)[0];
  expect(got.standardVerifiedWith).toEqual([secret]);
  expect(got.aosaiVerifiedWith).toEqual([secret]);
  expect(got.headers["x-api-key"]).toBe("k-123");
  expect(got.headers["x-aosai-event"]).toBe("ticket.reply");
  expect(got.json.event).toBe("ticket.reply");
});

test("edit changes name, URL and events; deliveries follow, and the audit log says who did it", async ({
  page,
  signIn,
}, testInfo) => {
  // Receivers of its own: other tests' webhooks point at the shared ones.
  const oldReceiver = await Receiver.start();
  const newReceiver = await Receiver.start();
  await signIn(page, accounts.admin);
  const name = uniqueName("Edit hook");
  const { id, secret } = await createWebhook(page, { name, url: oldReceiver.url, events: ["project.created"] });
  await page.getByRole("link", { name: "Edit" }).click();
  await expect(page).toHaveURL(new RegExp(`/settings/webhooks/${id}/edit$`));
  await expect(page.getByLabel("Name", { exact: true })).toHaveValue(name);
  const renamed = `${name} renamed`;
  await page.getByLabel("Name", { exact: true }).fill(renamed);
  await page.getByLabel("URL", { exact: true }).fill(newReceiver.url);
  await page.getByRole("checkbox", { name: /^project\.created\b/ }).uncheck();
  await page.getByRole("checkbox", { name: /^project\.completed\b/ }).check();
  await expectNoAxeViolations(page, "edit webhook form");
  await screenshotBoth(page, testInfo, "webhook-edit");
  await page.getByRole("button", { name: "Save Webhook" }).click();

  await expect(page).toHaveURL(new RegExp(`/settings/webhooks/${id}$`));
  await expect(page.getByRole("heading", { level: 1, name: renamed })).toBeVisible();
  await expect(page.getByTestId("webhook-url")).toHaveText(newReceiver.url);
  await expect(page.getByTestId("webhook-events")).toHaveText("project.completed");
  await expect(page.getByTestId("audit-log")).toContainText("Adam Admin edited the webhook");
  await expect(page.getByTestId("audit-log")).toContainText("Changed: name, url, events");
  await expect(page.getByTestId("audit-log")).toContainText("Adam Admin created the webhook");

  newReceiver.secrets = [secret];
  const ignored = await emitEvent(page.request, "project.created");
  const wanted = await emitEvent(page.request, "project.completed");
  await expect.poll(() => newReceiver.forEvent(wanted).length, { timeout: 20_000 }).toBe(1);
  expect(newReceiver.forEvent(wanted)[0].aosaiVerifiedWith).toEqual([secret]);
  expect(newReceiver.forEvent(ignored)).toHaveLength(0);
  expect(oldReceiver.forEvent(wanted)).toHaveLength(0);
  await oldReceiver.stop();
  await newReceiver.stop();
});

test("another agency's admin cannot open or change a webhook, whatever ID they use", async ({
  page,
  browser,
  signIn,
  receiver,
}) => {
  await signIn(page, accounts.admin);
  const name = uniqueName("Private hook");
  const { id, secret } = await createWebhook(page, { name, url: receiver.url, events: ["invoice.sent"] });
  await page.goto(`/settings/webhooks/${id}/edit`);
  await expect(page.getByLabel("Name", { exact: true })).toHaveValue(name);

  // A second tab of the same browser signs in as the other agency's admin, so the
  // form above now submits with that admin's session and this agency's webhook ID.
  const other = await page.context().newPage();
  await other.goto("/login");
  await other.context().clearCookies();
  await signIn(other, accounts.otherAdmin);
  for (const path of [`/settings/webhooks/${id}`, `/settings/webhooks/${id}/edit`]) {
    const response = await other.goto(path);
    expect(response?.status(), path).toBe(404);
    await expect(other.locator("body")).not.toContainText(name);
  }
  for (const path of [`/api/webhooks/${id}/deliveries`, `/api/webhooks/${id}/deliveries/dlv_x`]) {
    const response = await other.request.get(path);
    expect(response.status(), path).toBe(404);
    expect(await response.text()).not.toContain(secret);
  }
  const list = await other.request.get("/api/webhooks");
  expect(await list.text()).not.toContain(id);

  await page.getByLabel("Name", { exact: true }).fill("Taken over");
  await page.getByRole("button", { name: "Save Webhook" }).click();
  await expect(page.getByTestId("form-error")).toHaveText(
    "This webhook no longer exists, or you do not have access to it.",
  );
  await other.close();

  // Back as the owner's agency: nothing changed.
  const fresh = await browser.newContext();
  const check = await fresh.newPage();
  await signIn(check, accounts.admin);
  await check.goto(`/settings/webhooks/${id}`);
  await expect(check.getByRole("heading", { level: 1, name })).toBeVisible();
  await fresh.close();
});
