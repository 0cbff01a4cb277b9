import { randomBytes } from "node:crypto";
import { expect, test } from "./support/test.ts";
import { accounts } from "./support/accounts.ts";
import { expectNoAxeViolations } from "./support/axe.ts";

const run = randomBytes(3).toString("hex");

test("an admin creates an API key (shown once, working at once), then revokes it (refused at once)", async ({
  page,
  playwright,
  baseURL,
  signIn,
}) => {
  await signIn(page, accounts.admin, "/settings/api-keys");
  await expect(page.getByRole("heading", { level: 1, name: "API keys" })).toBeVisible();
  await expectNoAxeViolations(page, "API keys");

  await page.getByRole("button", { name: "Create API key" }).click();
  const dialog = page.getByRole("dialog", { name: "Create API key" });
  // No name and no scope: refused by field, nothing created.
  await dialog.getByRole("checkbox", { name: /webhooks:read/ }).click();
  await dialog.getByRole("button", { name: "Create key" }).click();
  await expect(dialog).toContainText("Name the key");
  await expect(dialog).toContainText("Choose at least one scope");
  await dialog.getByLabel("Name").fill(`Reporting ${run}`);
  await dialog.getByRole("checkbox", { name: /webhooks:read/ }).click();
  await dialog.getByLabel("Expires").selectOption("30d");
  await expectNoAxeViolations(page, "Create API key dialog");
  await dialog.getByRole("button", { name: "Create key" }).click();

  const shown = page.getByRole("dialog", { name: "Copy your new API key" });
  const token = (await shown.getByTestId("new-api-key").textContent())!.trim();
  expect(token).toMatch(/^aosk_[A-Za-z0-9_-]{43}$/);
  await shown.getByRole("button", { name: "Done" }).click();
  const row = page.getByTestId("api-key-row").filter({ hasText: `Reporting ${run}` });
  await expect(row).toContainText(token.slice(0, 11));
  await expect(row).toContainText("webhooks:read");
  await expect(row).toContainText("Active");
  // Shown once: the page never carries the key again.
  expect(await page.content()).not.toContain(token);

  const api = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { authorization: `Bearer ${token}` } });
  try {
    expect((await api.get("/api/v1/webhooks")).status()).toBe(200);
    await page.reload();
    await expect(row).not.toContainText("Never");

    await row.getByRole("button", { name: /Revoke/ }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Revoke key" }).click();
    await expect(row).toContainText("Revoked");
    expect((await api.get("/api/v1/webhooks")).status()).toBe(401);
  } finally {
    await api.dispose();
  }
});

test("the API reference renders the OpenAPI document, and the catalog offers its downloads", async ({
  page,
  signIn,
}) => {
  await signIn(page, accounts.admin, "/settings/api");
  await expect(page.getByRole("heading", { level: 1, name: "API reference" })).toBeVisible();
  const reference = page.getByTestId("api-reference");
  await expect(reference).toContainText("Agency OS Webhooks API", { timeout: 30_000 });
  await expect(reference).toContainText("Add a webhook");
  for (const group of ["Deliveries", "Events", "Event types"])
    await expect(reference.getByText(group, { exact: true }).first()).toBeVisible();
  await expect(reference).not.toContainText("Ask AI");

  await page.goto("/settings/webhooks/events");
  const asyncapi = await page.request.get(
    (await page.getByRole("link", { name: "AsyncAPI 3 document" }).getAttribute("href"))!,
  );
  expect(((await asyncapi.json()) as { asyncapi: string }).asyncapi).toBe("3.0.0");
  const schemaLink = page.getByRole("link", { name: "JSON Schema of invoice.paid" });
  const schema = (await (await page.request.get((await schemaLink.getAttribute("href"))!)).json()) as {
    $schema: string;
    properties: { event: { const: string } };
  };
  expect(schema.$schema).toContain("2020-12");
  expect(schema.properties.event.const).toBe("invoice.paid");
});
