import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect, type BrowserContext, type Page } from "@playwright/test";
import type { Account } from "./accounts.ts";

/** Signs in through the login form, as a person would (the specs about signing in use this). */
export async function signInThroughForm(page: Page, account: Account, loginPath = "/login"): Promise<void> {
  await page.goto(loginPath);
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("current-user")).toBeVisible();
}

type SavedState = Awaited<ReturnType<BrowserContext["storageState"]>>;

// Playwright's documented way to reuse authentication: sign in once, save the context's storage
// state, load it into later contexts. One file per server and account (e2e/.artifacts is ignored),
// so the suites sign in through the form once per account, not once per test.
const stateDir = path.join(import.meta.dirname, "..", ".artifacts", "auth");

function stateFile(baseURL: string, account: Account): string {
  return path.join(stateDir, `${new URL(baseURL).host}-${account.email}.json`.replace(/[^a-z0-9.@-]/gi, "_"));
}

/**
 * Opens `appPath` signed in as `account`, from the account's saved session when the server
 * still accepts it (sessions can be ended: sign-out, password change), else through the form
 * once, saving the new state for the tests after.
 */
export async function signInWithSavedState(
  page: Page,
  baseURL: string,
  account: Account,
  appPath = "/settings/webhooks",
): Promise<void> {
  const file = stateFile(baseURL, account);
  if (existsSync(file)) {
    const state = JSON.parse(readFileSync(file, "utf8")) as SavedState;
    await page.context().addCookies(state.cookies);
    await page.goto(appPath);
    if (!new URL(page.url()).pathname.startsWith("/login")) {
      await expect(page.getByTestId("current-user")).toBeVisible();
      return;
    }
    await page.context().clearCookies();
  }
  await signInThroughForm(page, account);
  mkdirSync(stateDir, { recursive: true });
  writeFileSync(file, JSON.stringify(await page.context().storageState()));
  if (new URL(page.url()).pathname !== appPath) await page.goto(appPath);
}
