import { expect, test } from "./support/test.ts";
import { accounts } from "./support/accounts.ts";
import { signInThroughForm } from "./support/sign-in.ts";

test("a wrong password is refused with a message, and the email stays typed", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Email").fill(accounts.owner.email);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("form-error")).toHaveText("Wrong email or password.");
  await expect(page.getByLabel("Email")).toHaveValue(accounts.owner.email);
  await expect(page).toHaveURL(/\/login/);
});

test("the right password opens the app shell, and sign-out closes it", async ({ page }) => {
  await signInThroughForm(page, accounts.owner);
  await expect(page).toHaveURL(/\/settings\/webhooks/);
  await expect(
    page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Webhooks" }),
  ).toBeVisible();
  await page.getByRole("button", { name: "Sign out" }).click();
  // The login page only renders for signed-out visitors (it sends signed-in ones on).
  await expect(page.getByRole("heading", { name: "Sign in to Agency OS" })).toBeVisible();
  await page.goto("/settings/webhooks");
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fsettings%2Fwebhooks/);
});

test("a signed-out visitor is sent to sign in and returned to the page afterwards", async ({ page }) => {
  await page.goto("/settings/webhooks/events");
  await expect(page).toHaveURL(/\/login\?callbackUrl=/);
  await page.getByLabel("Email").fill(accounts.admin.email);
  await page.getByLabel("Password").fill(accounts.admin.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/settings\/webhooks\/events$/);
});

test("an expired or forged session cookie counts as signed out", async ({ page, context, baseURL }) => {
  const url = new URL(baseURL!);
  await context.addCookies([
    { name: "authjs.session-token", value: "forged.or.expired.token", domain: url.hostname, path: "/" },
  ]);
  const response = await page.goto("/settings/webhooks");
  expect(response?.status()).toBeLessThan(500);
  await expect(page).toHaveURL(/\/login/);
});

test("a member is refused from admin settings with a 403 page", async ({ page, signIn }) => {
  await signIn(page, accounts.member, "/account");
  const response = await page.goto("/settings/webhooks");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "You don’t have access to this page" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Webhooks" })).toHaveCount(
    0,
  );
});

test("signed-out API calls get 401, not a page or a stack trace", async ({ request }) => {
  const response = await request.get("/api/webhooks");
  expect(response.status()).toBe(401);
  expect(await response.json()).toEqual({ error: "Sign in to continue." });
});
