import { expect, test } from "@playwright/test";
import { accounts } from "./support/accounts.ts";

// The login form is a real <form action>: it must work before the page hydrates. With
// JavaScript off nothing ever hydrates, so these pass only if the server does all the work.
test.use({ javaScriptEnabled: false });

test("with JavaScript off, a wrong password shows the refusal and keeps the email", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Email").fill(accounts.member.email);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("form-error")).toHaveText("Wrong email or password.");
  await expect(page.getByLabel("Email")).toHaveValue(accounts.member.email);
  await expect(page.getByTestId("current-user")).toHaveCount(0);
});

test("with JavaScript off, empty fields are refused by the server with a sentence", async ({ page }) => {
  await page.goto("/login");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("form-error")).toHaveText("Enter your email and password.");
});

test("with JavaScript off, the right password signs in and returns to the page asked for", async ({ page }) => {
  await page.goto("/settings/webhooks/events");
  await expect(page).toHaveURL(/\/login\?callbackUrl=/);
  await page.getByLabel("Email").fill(accounts.admin.email);
  await page.getByLabel("Password").fill(accounts.admin.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/settings\/webhooks\/events$/);
  await expect(page.getByTestId("current-user")).toBeVisible();
});
