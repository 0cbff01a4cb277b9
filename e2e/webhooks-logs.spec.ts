import type { Page } from "@playwright/test";
import { expect, test } from "./support/test.ts";
import { accounts } from "./support/accounts.ts";
import { expectNoAxeViolations } from "./support/axe.ts";
import { createWebhook, emitEvent, screenshotBoth, uniqueName } from "./support/webhook-steps.ts";

/** Waits until the log row of an event shows a status, refreshing as an admin would. */
async function expectRowStatus(page: Page, eventId: string, status: string, timeout = 30_000) {
  const row = page.getByTestId("delivery-row").filter({ hasText: eventId });
  await expect
    .poll(
      async () => {
        if ((await row.count()) === 0) await page.getByRole("button", { name: "Refresh" }).click();
        return row.getAttribute("data-status", { timeout: 1_000 }).catch(() => null);
      },
      { timeout },
    )
    .toBe(status);
  return row;
}

test("a failing receiver: failed attempts with response details, then Retry after it recovers succeeds", async ({
  page,
  signIn,
  receiver,
}, testInfo) => {
  await signIn(page, accounts.admin);
  const { secret } = await createWebhook(page, {
    name: uniqueName("Failing hook"),
    url: receiver.url,
    events: ["invoice.created"],
  });
  receiver.secrets = [secret];
  receiver.respondWith({
    status: 500,
    body: "<h1>database down</h1><script>alert(1)</script>",
    headers: { "content-type": "text/html", "x-trace": "abc" },
  });

  const eventId = await emitEvent(page.request, "invoice.created");
  await page.getByRole("button", { name: "Refresh" }).click();
  // The log refreshes by itself while the delivery is pending: no more clicks from here.
  const row = page.getByTestId("delivery-row").filter({ hasText: eventId });
  await expect(row).toBeVisible();
  await expect(row).toHaveAttribute("data-status", "failed", { timeout: 30_000 });
  await expect(row.getByTestId("last-code")).toHaveText("500");
  await expect(row.getByRole("cell", { name: "4", exact: true })).toBeVisible();
  // 1 attempt + 3 retries (schedule 1s,2s,3s), each signed with the same event ID.
  expect(receiver.forEvent(eventId).map((r) => r.headers["x-aosai-attempt"])).toEqual(["1", "2", "3", "4"]);
  expect(
    receiver.forEvent(eventId).every((r) => r.aosaiVerifiedWith[0] === secret && r.standardVerifiedWith[0] === secret),
  ).toBe(true);

  await row.getByRole("button", { name: /^Details/ }).click();
  const sheet = page.getByTestId("delivery-sheet");
  await expect(sheet.getByTestId("attempt")).toHaveCount(4);
  const latest = sheet.getByTestId("attempt").first();
  await expect(latest.getByTestId("attempt-status")).toHaveText("HTTP 500");
  await expect(latest.getByTestId("attempt-error")).toContainText("http_status");
  // The receiver's HTML is shown as text, never rendered.
  await expect(latest.getByTestId("response-body")).toContainText("<h1>database down</h1><script>alert(1)</script>");
  await expect(latest).toContainText("x-trace: abc");
  await expect(latest).toContainText("X-AOSAI-Event: invoice.created");
  await expect(latest).toContainText('"event": "invoice.created"');
  await expect(sheet.getByTestId("next-retry")).toHaveText("No more automatic retries. Use Retry to try again.");
  await expectNoAxeViolations(page, "delivery sheet");
  await screenshotBoth(page, testInfo, "webhook-delivery-sheet");
  await page.keyboard.press("Escape");

  receiver.respondWith({ status: 200, body: "thanks" });
  await row.getByRole("button", { name: /^Retry/ }).click();
  await expect(page.getByText(/^Retry succeeded: 200 in /)).toBeVisible();
  await expect(row).toHaveAttribute("data-status", "succeeded");
  await expect(row.getByTestId("last-code")).toHaveText("200");
  expect(receiver.forEvent(eventId)).toHaveLength(5);
  expect(receiver.forEvent(eventId)[4].json.id).toBe(eventId);
  await expect(page.getByTestId("audit-log")).toContainText("retried a delivery");
});

test("the sheet shows when the next retry runs while a delivery is pending", async ({ page, signIn, receiver }) => {
  await signIn(page, accounts.admin);
  await createWebhook(page, { name: uniqueName("Pending hook"), url: receiver.url, events: ["ticket.created"] });
  receiver.respondWith({ status: 429, body: "slow down", headers: { "retry-after": "20" } });
  const eventId = await emitEvent(page.request, "ticket.created");
  await expect.poll(() => receiver.forEvent(eventId).length, { timeout: 20_000 }).toBe(1);
  const row = await expectRowStatus(page, eventId, "pending");
  await row.getByRole("button", { name: /^Details/ }).click();
  // In the browser's locale and zone (the admin keeps "Browser default"), the zone named.
  await expect(page.getByTestId("next-retry")).toHaveText(/^Next retry: \S.*\b20\d{2}\b.*\d{1,2}:\d{2}/);
  await expect(page.getByTestId("delivery-sheet").getByTestId("attempt-status")).toHaveText("HTTP 429");
  await expect(page.getByTestId("log-live-status")).toHaveText("Deliveries in progress: this log refreshes by itself.");
});

test("Retry Failed retries every failed delivery in the chosen range and says how many", async ({
  page,
  signIn,
  receiver,
}) => {
  test.setTimeout(120_000);
  await signIn(page, accounts.admin);
  await createWebhook(page, { name: uniqueName("Retry all hook"), url: receiver.url, events: ["client.created"] });
  receiver.respondWith({ status: 502, body: "bad gateway" });
  const a = await emitEvent(page.request, "client.created");
  const b = await emitEvent(page.request, "client.created");
  await expectRowStatus(page, a, "failed");
  await expectRowStatus(page, b, "failed");

  receiver.respondWith({ status: 204 });
  await page.getByRole("button", { name: "Retry Failed" }).click();
  const dialog = page.getByRole("dialog", { name: "Retry Failed" });
  await dialog.getByLabel("Time range").click();
  await page.getByRole("option", { name: "Last hour" }).click();
  await expectNoAxeViolations(page, "Retry Failed dialog");
  await dialog.getByRole("button", { name: "Retry failed deliveries" }).click();
  // A background job: its progress counts up to the end, then says it is done.
  await expect(dialog.getByTestId("retry-job-count")).toHaveText("2 of 2 retried: 2 succeeded, 0 failed again.", {
    timeout: 30_000,
  });
  await expect(dialog.getByTestId("retry-job-status")).toHaveText("Done.");
  await dialog.getByRole("button", { name: "Close" }).first().click();
  await expectRowStatus(page, a, "succeeded");
  await expectRowStatus(page, b, "succeeded");
  expect(receiver.forEvent(a).at(-1)?.answeredStatus).toBe(204);

  await page.getByRole("button", { name: "Retry Failed" }).click();
  await page
    .getByRole("dialog", { name: "Retry Failed" })
    .getByRole("button", { name: "Retry failed deliveries" })
    .click();
  await expect(page.getByTestId("retry-failed-summary")).toHaveText("No failed deliveries match.");
});

test("filters, search by event ID, cursor pages, and a clear error for a bad cursor", async ({
  page,
  signIn,
  receiver,
}, testInfo) => {
  // 22 real deliveries through the engine take a while on a small machine.
  test.setTimeout(150_000);
  await signIn(page, accounts.admin);
  const { id } = await createWebhook(page, {
    name: uniqueName("Busy hook"),
    url: receiver.url,
    events: ["task.created", "task.updated"],
  });
  const created: string[] = [];
  for (let i = 0; i < 21; i++) created.push(await emitEvent(page.request, "task.created"));
  await expect.poll(() => created.filter((e) => receiver.forEvent(e).length > 0).length, { timeout: 45_000 }).toBe(21);
  receiver.respondWith({ status: 500, body: "no" });
  const updated = await emitEvent(page.request, "task.updated");
  await expectRowStatus(page, updated, "failed");
  await page.reload();

  // Newest first, 20 a page; Older and Newer walk the cursor.
  const rows = page.getByTestId("delivery-row");
  await expect(rows).toHaveCount(20);
  await expect(rows.first()).toContainText(updated);
  await page.getByRole("button", { name: "Older" }).click();
  await expect(page.getByText("Page 2")).toBeVisible();
  await expect(rows).toHaveCount(2);
  await expect(rows.last()).toContainText(created[0]);
  await page.getByRole("button", { name: "Newer" }).click();
  await expect(rows).toHaveCount(20);

  await page.getByRole("combobox", { name: "Status" }).click();
  await page.getByRole("option", { name: "Failed" }).click();
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(updated);
  await page.getByRole("combobox", { name: "Status" }).click();
  await page.getByRole("option", { name: "All statuses" }).click();
  await page.getByRole("combobox", { name: "Event type" }).click();
  await page.getByRole("option", { name: "task.updated" }).click();
  await expect(rows).toHaveCount(1);
  await page.getByRole("combobox", { name: "Event type" }).click();
  await page.getByRole("option", { name: "All event types" }).click();
  await page.getByLabel("Search by event ID").fill(created[5]);
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(created[5]);
  await page.getByLabel("Search by event ID").fill("evt_does_not_exist");
  await expect(page.getByRole("heading", { name: "No deliveries match" })).toBeVisible();
  await page.getByLabel("Search by event ID").fill("");
  await expectNoAxeViolations(page, "delivery log");
  await screenshotBoth(page, testInfo, "webhook-logs");

  // The API behind the log: opaque cursors, and a plain 400 for a forged one.
  const first = await page.request.get(`/api/webhooks/${id}/deliveries?limit=5`);
  const body = (await first.json()) as { items: { eventId: string }[]; nextCursor: string };
  expect(body.items).toHaveLength(5);
  const next = await page.request.get(
    `/api/webhooks/${id}/deliveries?limit=5&cursor=${encodeURIComponent(body.nextCursor)}`,
  );
  const nextBody = (await next.json()) as { items: { eventId: string }[] };
  expect(nextBody.items.map((d) => d.eventId)).not.toContain(body.items[0].eventId);
  const bad = await page.request.get(`/api/webhooks/${id}/deliveries?cursor=not-a-cursor`);
  expect(bad.status()).toBe(400);
  expect(await bad.json()).toEqual({
    error: "This page link has expired or was changed. Go back to the first page of the log.",
    fieldErrors: { cursor: ["Not a valid page cursor"] },
  });
});
