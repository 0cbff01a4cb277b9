import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { accounts } from "./support/accounts.ts";
import { signInThroughForm } from "./support/sign-in.ts";

// Issue 14 item 5: sign-out did not end the session (the JWT cookie kept working until its
// 8 h expiry). A session now has a record on the server, checked on every request: sign-out,
// a password change and "Sign out everywhere" end it, and a copied cookie stops working.
// These tests use their own account (sessions@northwind.test) so that no other suite's
// password or sessions change; every test runs alone against it.
test.describe.configure({ mode: "serial" });

const account = accounts.sessions;

async function signedInContext(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInThroughForm(page, account);
  return { context, page };
}

/** A second browser holding a copy of the first one's cookies, as a thief who copied them would. */
async function copyCookies(browser: Browser, from: BrowserContext): Promise<Page> {
  const context = await browser.newContext();
  await context.addCookies(await from.cookies());
  return context.newPage();
}

async function expectSignedIn(page: Page) {
  await page.goto("/account");
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByTestId("current-user")).toBeVisible();
}

async function expectSentToLogin(page: Page) {
  const response = await page.goto("/account");
  expect(response?.status()).toBeLessThan(500);
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByRole("heading", { name: "Sign in to Agency OS" })).toBeVisible();
  // The session endpoint and the JSON routes agree: nobody is signed in with that cookie.
  expect((await page.request.get("/api/webhooks")).status()).toBe(401);
}

async function changePassword(page: Page, from: string, to: string) {
  await page.goto("/account");
  const form = page.getByRole("form", { name: "Change password" });
  await form.getByLabel("Current password").fill(from);
  await form.getByLabel("New password").fill(to);
  await form.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText(/^Password changed/)).toBeVisible();
}

test("a copied session cookie stops working once its owner signs out", async ({ browser }) => {
  const first = await signedInContext(browser);
  const thief = await copyCookies(browser, first.context);
  await expectSignedIn(thief);

  await first.page.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(first.page.getByRole("heading", { name: "Sign in to Agency OS" })).toBeVisible();

  await expectSentToLogin(thief);
  await thief.context().close();
  await first.context.close();
});

test("a password change signs out every other browser and keeps this one", async ({ browser }) => {
  const here = await signedInContext(browser);
  const elsewhere = await signedInContext(browser);
  const copyOfElsewhere = await copyCookies(browser, elsewhere.context);
  const newPassword = "sessions-new-password-2";
  try {
    await changePassword(here.page, account.password, newPassword);
    await expectSentToLogin(elsewhere.page);
    await expectSentToLogin(copyOfElsewhere);
    await expectSignedIn(here.page);
    // A wrong current password is refused on its field, and changes nothing.
    await here.page.goto("/account");
    const form = here.page.getByRole("form", { name: "Change password" });
    await form.getByLabel("Current password").fill("not-the-password");
    await form.getByLabel("New password").fill("whatever-password-3");
    await form.getByRole("button", { name: "Change password" }).click();
    await expect(form.getByText("This is not your current password")).toBeVisible();
    await expectSignedIn(here.page);
  } finally {
    // Back to the seeded password, so a second run (or QA's instance) finds the account as it was.
    await changePassword(here.page, newPassword, account.password);
  }
  for (const c of [here.context, elsewhere.context, copyOfElsewhere.context()]) await c.close();
});

test("Sign out everywhere ends every session of the user, this one and copies included", async ({ browser }) => {
  const here = await signedInContext(browser);
  const elsewhere = await signedInContext(browser);
  const copy = await copyCookies(browser, here.context);
  await expectSignedIn(copy);

  await here.page.goto("/account");
  await here.page.getByRole("button", { name: "Sign out everywhere" }).click();
  await expect(here.page).toHaveURL(/\/login/);

  for (const page of [here.page, elsewhere.page, copy]) await expectSentToLogin(page);
  // Another user's session is not touched.
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await signInThroughForm(otherPage, accounts.member);
  await expectSignedIn(otherPage);
  for (const c of [here.context, elsewhere.context, copy.context(), other]) await c.close();
});
