import { readFileSync } from "node:fs";
import { expect, test } from "./support/test.ts";
import { accounts } from "./support/accounts.ts";
import { expectNoAxeViolations } from "./support/axe.ts";
import { createWebhook, emitEvent, uniqueName } from "./support/webhook-steps.ts";

// Settings → Deliveries (issue 17, item 3): every endpoint's deliveries in one place.
test("Deliveries: filter, search by event ID and by a payload value, export CSV, by keyboard, axe-clean", async ({
  page,
  signIn,
  receiver,
}) => {
  await signIn(page, accounts.admin);
  const name = uniqueName("All deliveries hook");
  await createWebhook(page, { name, url: receiver.url, events: ["invoice.paid", "client.created"] });
  const invoice = `INV-2026-${Date.now().toString().slice(-6)}`;
  const paid = await emitEvent(page.request, "invoice.paid", {
    id: 7,
    invoice_number: invoice,
    client_name: "Acme Corporation",
    amount: 1500,
    currency: "USD",
    paid_date: "2026-03-31",
  });
  const client = await emitEvent(page.request, "client.created");

  await page.goto("/settings/webhooks/deliveries");
  await expect(page.getByRole("heading", { level: 1, name: "Deliveries" })).toBeVisible();
  const rows = page.getByTestId("delivery-row");
  // Every endpoint's deliveries: other webhooks of the agency (the seed's, earlier tests') get
  // these events too, so this test's rows are the ones naming its webhook.
  const mine = rows.filter({ hasText: name });
  await expect(mine.filter({ hasText: paid })).toBeVisible({ timeout: 30_000 });
  await expect(mine.filter({ hasText: client })).toBeVisible();
  await expectNoAxeViolations(page, "the Deliveries page");

  // A value in the payload, typed from the keyboard.
  await page.getByLabel("Value in the payload").focus();
  await page.keyboard.type(invoice);
  await expect(rows.filter({ hasNotText: paid })).toHaveCount(0);
  await expect(mine).toHaveCount(1);
  await expect(mine.first()).toHaveAttribute("data-event-id", paid);
  await page.getByLabel("Value in the payload").fill("");

  // Event ID.
  await page.getByLabel("Event ID").fill(client);
  await expect(rows.filter({ hasNotText: client })).toHaveCount(0);
  await expect(mine).toHaveCount(1);
  await expect(mine.first()).toHaveAttribute("data-event-id", client);
  await page.getByLabel("Event ID").fill("");

  // Event type, chosen with the keyboard (Radix select: Enter opens, typeahead, Enter picks).
  await page.getByRole("combobox", { name: "Event type" }).focus();
  await page.keyboard.press("Enter");
  await page.getByRole("option", { name: "client.created" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("combobox", { name: "Event type" })).toHaveText("client.created");
  await expect(rows.filter({ hasText: paid })).toHaveCount(0);
  await expect(mine.filter({ hasText: client })).toBeVisible();

  // The CSV is the filtered view.
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("csv-export").click()]);
  const csv = readFileSync((await download.path())!, "utf8");
  const lines = csv.trimEnd().split("\r\n");
  expect(lines[0]).toContain("delivery_id");
  expect(csv).toContain(client);
  expect(csv).not.toContain(paid);
  expect(lines.slice(1).every((l) => l.includes(",client.created,"))).toBe(true);

  // Details opens the delivery with its attempts.
  await mine
    .filter({ hasText: client })
    .getByRole("button", { name: /^Details/ })
    .click();
  const sheet = page.getByTestId("delivery-sheet");
  await expect(sheet).toContainText(client);
  await expectNoAxeViolations(page, "a delivery opened from the Deliveries page");

  // Resend to chosen webhooks: a checkbox list of those the event went to or that subscribe to
  // its type, picked from the keyboard; only the checked one gets the event again.
  await expect.poll(() => receiver.forEvent(client).length, { timeout: 30_000 }).toBe(1);
  const toggle = sheet.getByRole("button", { name: "Resend to chosen webhooks…" });
  await toggle.focus();
  await page.keyboard.press("Enter");
  await expect(toggle).toHaveAttribute("aria-expanded", "true");
  const picker = sheet.getByTestId("resend-picker");
  const box = picker.getByRole("checkbox", { name });
  await expect(box).toBeVisible();
  await expect(picker.getByRole("button", { name: "Choose webhooks" })).toBeDisabled();
  await box.focus();
  await page.keyboard.press("Space");
  await expect(box).toBeChecked();
  await expectNoAxeViolations(page, "the Resend picker");
  await picker.getByRole("button", { name: "Resend to 1 webhook" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByText("Resent to 1 webhook.")).toBeVisible();
  await expect(picker).toBeHidden();
  await expect.poll(() => receiver.forEvent(client).length, { timeout: 30_000 }).toBe(2);
  const again = receiver.forEvent(client);
  expect(again[1].headers["x-aosai-event-id"]).toBe(client);
  expect(again[1].headers["x-aosai-delivery"]).not.toBe(again[0].headers["x-aosai-delivery"]);
  // The new delivery is in the list, marked Resent.
  await page.keyboard.press("Escape");
  await page.getByLabel("Event ID").fill(client);
  await expect(mine.filter({ hasText: "Resent" })).toHaveCount(1, { timeout: 30_000 });
});
