import { expect, type Page } from "@playwright/test";
import type { Account } from "./accounts.ts";

/** Signs in through the login form, as a person would. */
export async function signIn(page: Page, account: Account, path = "/login"): Promise<void> {
  await page.goto(path);
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("current-user")).toBeVisible();
}
