import { mkdirSync } from "node:fs";
import path from "node:path";
import { expect, type APIRequestContext, type Page, type TestInfo } from "@playwright/test";

/** Names unique per run, so specs never depend on each other's data (or an instance's). */
export function uniqueName(prefix: string): string {
  return `${prefix} ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

/** Fills the Add Webhook form and saves it; returns the new webhook's ID and the secret shown. */
export async function createWebhook(
  page: Page,
  input: { name: string; url: string; events: string[] },
): Promise<{ id: string; secret: string }> {
  await page.goto("/settings/webhooks/new");
  await expect(page.getByRole("heading", { name: "Add Webhook" })).toBeVisible();
  await page.getByLabel("Name", { exact: true }).fill(input.name);
  await page.getByLabel("URL", { exact: true }).fill(input.url);
  for (const type of input.events)
    await page.getByRole("checkbox", { name: new RegExp(`^${type.replace(".", "\\.")}\\b`) }).check();
  await page.getByRole("button", { name: "Reveal" }).click();
  const secret = (await page.getByTestId("secret-value").textContent())!.trim();
  expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
  await page.getByRole("button", { name: "Save Webhook" }).click();
  await expect(page).toHaveURL(/\/settings\/webhooks\/wh_[a-z0-9]+$/);
  const id = new URL(page.url()).pathname.split("/").pop()!;
  await expect(page.getByRole("heading", { level: 1, name: input.name })).toBeVisible();
  return { id, secret };
}

/** Emits a real event through the running app (POST /api/events, admin session). */
export async function emitEvent(request: APIRequestContext, type: string, data?: unknown): Promise<string> {
  const response = await request.post("/api/events", { data: data === undefined ? { type } : { type, data } });
  expect(response.status(), await response.text()).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

/**
 * Screenshots at desktop width and at 375 px, saved as test artifacts. With
 * CAPTURE_DOCS=1 the desktop shot also goes to docs/images for the admin guide.
 */
export async function screenshotBoth(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const original = page.viewportSize() ?? { width: 1280, height: 720 };
  await page.screenshot({ path: testInfo.outputPath(`${name}-desktop.png`), fullPage: true });
  if (process.env.CAPTURE_DOCS === "1") {
    const dir = path.join(process.cwd(), "docs", "images");
    mkdirSync(dir, { recursive: true });
    await page.screenshot({ path: path.join(dir, `${name}.png`) });
  }
  await page.setViewportSize({ width: 375, height: 812 });
  await page.screenshot({ path: testInfo.outputPath(`${name}-mobile.png`), fullPage: true });
  // Nothing may be wider than the phone's screen except scrollable tables and code blocks.
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow, `${name} scrolls sideways at 375 px`).toBeLessThanOrEqual(0);
  await page.setViewportSize(original);
}
