import { expect, test } from "./support/test.ts";
import { accounts } from "./support/accounts.ts";
import { expectNoAxeViolations } from "./support/axe.ts";
import { createWebhook, emitEvent, screenshotBoth, uniqueName } from "./support/webhook-steps.ts";

test("Test sends the edited sample to this endpoint only; the response shows at once and the log marks it Test", async ({
  page,
  signIn,
  receiver,
}, testInfo) => {
  await signIn(page, accounts.admin);
  const { id, secret } = await createWebhook(page, {
    name: uniqueName("Test tab hook"),
    url: receiver.url,
    events: ["invoice.paid"],
  });
  receiver.secrets = [secret];
  await page.getByRole("tab", { name: "Test" }).click();
  await expect(page).toHaveURL(new RegExp(`/settings/webhooks/${id}\\?tab=test$`));
  const data = page.getByLabel("Payload data (JSON)");
  await expect(data).toHaveValue(/"invoice_number": "INV-2026-0042"/);

  // The edited JSON is checked against the event's schema, naming the field.
  await data.fill(
    JSON.stringify({
      id: 42,
      invoice_number: "INV-1",
      client_name: "Acme",
      amount: "lots",
      currency: "USD",
      paid_date: "2026-03-31",
    }),
  );
  await page.getByRole("button", { name: "Send test" }).click();
  await expect(page.getByTestId("test-data-error")).toContainText("data.amount");
  await data.fill("{ not json");
  await page.getByRole("button", { name: "Send test" }).click();
  await expect(page.getByTestId("test-data-error")).toContainText("This is not valid JSON");
  expect(receiver.requests).toHaveLength(0);

  await data.fill(
    JSON.stringify({
      id: 7,
      invoice_number: "INV-2026-0007",
      client_name: "Initech",
      amount: 99.5,
      currency: "EUR",
      paid_date: "2026-04-01",
    }),
  );
  await page.getByRole("button", { name: "Send test" }).click();
  await expect(page.getByTestId("test-result-status")).toHaveText("HTTP 200");
  await expect(page.getByTestId("test-result")).toContainText("x-receiver: e2e");
  await expect(page.getByTestId("test-result-body")).toContainText('{"received":true}');
  await expect(page.getByTestId("test-result-duration")).toHaveText(/\d+ ms|\d+\.\d+ s/);

  expect(receiver.requests).toHaveLength(1);
  const got = receiver.requests[0];
  expect(got.standardVerifiedWith).toEqual([secret]);
  expect(got.aosaiVerifiedWith).toEqual([secret]);
  expect(got.json.event).toBe("invoice.paid");
  expect(got.json.data).toMatchObject({ invoice_number: "INV-2026-0007", amount: 99.5 });

  await page.getByRole("tab", { name: "Logs" }).click();
  const row = page.getByTestId("delivery-row").filter({ hasText: got.json.id });
  await expect(row).toContainText("Test");
  await expect(row.getByTestId("delivery-status")).toHaveText("Succeeded");
  await page.getByRole("tab", { name: "Test" }).click();
  await expectNoAxeViolations(page, "Test tab");
  await screenshotBoth(page, testInfo, "webhook-test");
});

test("rotating the secret: the new one is shown, the old one keeps verifying until the time shown", async ({
  page,
  signIn,
  receiver,
}, testInfo) => {
  await signIn(page, accounts.admin);
  const { secret: oldSecret } = await createWebhook(page, {
    name: uniqueName("Rotate hook"),
    url: receiver.url,
    events: ["client.updated"],
  });
  await page.getByRole("button", { name: "Reveal" }).click();
  await expect(page.getByTestId("secret-value")).toHaveText(oldSecret);

  await page.getByRole("button", { name: "Rotate secret" }).click();
  await expect(page.getByRole("alertdialog")).toContainText("stays valid for 24 hours");
  await page.getByRole("alertdialog").getByRole("button", { name: "Rotate secret" }).click();
  // In the browser's locale and zone (the admin keeps "Browser default"), the zone named.
  await expect(page.getByTestId("previous-secret-until")).toContainText(/until \S.*\b20\d{2}\b.*\d{1,2}:\d{2}/);
  await page.getByRole("button", { name: "Reveal" }).click();
  const newSecret = (await page.getByTestId("secret-value").textContent())!.trim();
  expect(newSecret).toMatch(/^whsec_/);
  expect(newSecret).not.toBe(oldSecret);
  await expect(page.getByTestId("audit-log")).toContainText("rotated the signing secret");

  // A receiver still on the old secret and one already on the new one both verify.
  receiver.secrets = [oldSecret, newSecret];
  const eventId = await emitEvent(page.request, "client.updated");
  await expect.poll(() => receiver.forEvent(eventId).length, { timeout: 20_000 }).toBe(1);
  const got = receiver.forEvent(eventId)[0];
  expect(got.standardVerifiedWith.sort()).toEqual([oldSecret, newSecret].sort());
  expect(got.aosaiVerifiedWith.sort()).toEqual([oldSecret, newSecret].sort());
  await expectNoAxeViolations(page, "webhook detail after rotation");
  await screenshotBoth(page, testInfo, "webhook-detail");
});

test("Disable: nothing is delivered or retried while disabled; Enable: the waiting deliveries go out", async ({
  page,
  signIn,
  receiver,
}) => {
  await signIn(page, accounts.admin);
  const { secret } = await createWebhook(page, {
    name: uniqueName("Pause hook"),
    url: receiver.url,
    events: ["task.stage_changed"],
  });
  receiver.secrets = [secret];
  // The first attempt fails and asks for 10 s (Retry-After), leaving time to disable before the retry.
  receiver.respondWith({ status: 503, body: "busy", headers: { "retry-after": "10", "content-type": "text/plain" } });
  const inFlight = await emitEvent(page.request, "task.stage_changed");
  await expect.poll(() => receiver.forEvent(inFlight).length, { timeout: 20_000 }).toBe(1);

  const toggle = page.getByRole("switch");
  await toggle.click();
  await expect(page.getByTestId("webhook-status")).toHaveText("Disabled by an admin");
  await expect(page.getByTestId("disabled-reason")).toContainText("Disabled by an admin");
  receiver.respondWith({ status: 200, body: "ok" });
  const expectPaused = async (eventId: string) => {
    const row = page.getByTestId("delivery-row").filter({ hasText: eventId });
    await expect
      .poll(
        async () => {
          await page.getByRole("button", { name: "Refresh" }).click();
          return row.getAttribute("data-status", { timeout: 1_000 }).catch(() => null);
        },
        { timeout: 30_000 },
      )
      .toBe("paused");
  };

  // An event emitted while disabled is not delivered: it waits, paused.
  const whileDisabled = await emitEvent(page.request, "task.stage_changed");
  await expectPaused(whileDisabled);
  // The retry that wakes up while disabled parks the delivery instead of sending it.
  await expectPaused(inFlight);
  expect(receiver.forEvent(inFlight)).toHaveLength(1);
  expect(receiver.forEvent(whileDisabled)).toHaveLength(0);

  await toggle.click();
  await expect(page.getByTestId("webhook-status")).toHaveText("Active");
  await expect.poll(() => receiver.forEvent(inFlight).length, { timeout: 20_000 }).toBe(2);
  const resumed = receiver.forEvent(inFlight)[1];
  expect(resumed.aosaiVerifiedWith).toEqual([secret]);
  expect(resumed.headers["x-aosai-attempt"]).toBe("2");
  await expect.poll(() => receiver.forEvent(whileDisabled).length, { timeout: 20_000 }).toBe(1);
  expect(receiver.forEvent(whileDisabled)[0].aosaiVerifiedWith).toEqual([secret]);
  const afterEnable = await emitEvent(page.request, "task.stage_changed");
  await expect.poll(() => receiver.forEvent(afterEnable).length, { timeout: 20_000 }).toBe(1);
  const row = page.getByTestId("delivery-row").filter({ hasText: inFlight });
  await expect
    .poll(
      async () => {
        await page.getByRole("button", { name: "Refresh" }).click();
        return row.getAttribute("data-status");
      },
      { timeout: 20_000 },
    )
    .toBe("succeeded");
  await expect(page.getByTestId("audit-log")).toContainText("disabled the webhook");
  await expect(page.getByTestId("audit-log")).toContainText("enabled the webhook");
});

test("statistics count real deliveries: success rate and durations over 24 h and 7 days", async ({
  page,
  signIn,
  receiver,
}) => {
  await signIn(page, accounts.admin);
  const { secret } = await createWebhook(page, {
    name: uniqueName("Stats hook"),
    url: receiver.url,
    events: ["time_entry.created"],
  });
  receiver.secrets = [secret];
  await expect(page.getByTestId("stats-24h")).toContainText("0 of 0 attempts succeeded");
  const eventId = await emitEvent(page.request, "time_entry.created");
  await expect.poll(() => receiver.forEvent(eventId).length, { timeout: 20_000 }).toBe(1);
  await expect
    .poll(
      async () => {
        await page.reload();
        return page.getByTestId("stats-24h").textContent();
      },
      { timeout: 20_000 },
    )
    .toContain("1 of 1 attempts succeeded");
  await expect(page.getByTestId("stats-24h")).toContainText("100%");
  await expect(page.getByTestId("stats-7d")).toContainText(/p50\d+ ms/);
  await expect(page.getByRole("table", { name: "Attempts per day" })).toBeAttached();
});

test("deleting from the detail page asks first and returns to the list", async ({ page, signIn, receiver }) => {
  await signIn(page, accounts.admin);
  const name = uniqueName("Delete hook");
  const { id } = await createWebhook(page, { name, url: receiver.url, events: ["client.created"] });
  await page.getByRole("button", { name: "Delete" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Delete webhook" }).click();
  await expect(page).toHaveURL(/\/settings\/webhooks$/);
  await expect(page.getByTestId("webhook-row").filter({ hasText: name })).toHaveCount(0);
  const response = await page.goto(`/settings/webhooks/${id}`);
  expect(response?.status()).toBe(404);
});
