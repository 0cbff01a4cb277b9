import { expect, test } from "@playwright/test";

// Runs against a server with an empty database (its own project in playwright.config.ts).

// The form is a real <form action>: before hydration (here: never, JavaScript off) the server
// alone refuses bad input, field by field, and keeps what was typed. Nothing is created.
test.describe("with JavaScript off", () => {
  test.use({ javaScriptEnabled: false });
  test("setup refuses bad input field by field and keeps what was typed", async ({ page }) => {
    await page.goto("/setup");
    await page.getByLabel("Agency name").fill("A");
    await page.getByLabel("Your name").fill("Bruce Owner");
    await page.getByLabel("Email").fill("not-an-email");
    await page.getByLabel(/^Password/).fill("short");
    await page.getByRole("button", { name: "Create agency" }).click();
    await expect(page.getByText("Agency name must be at least 2 characters")).toBeVisible();
    await expect(page.getByText("Enter a valid email address")).toBeVisible();
    await expect(page.getByText("Use at least 10 characters")).toBeVisible();
    await expect(page.getByLabel("Email")).toHaveValue("not-an-email");
    await expect(page.getByLabel("Your name")).toHaveValue("Bruce Owner");
    await expect(page).toHaveURL(/\/setup$/);
  });
});

test("first run: setup creates the agency and its owner, then setup closes", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/setup$/);
  await expect(page.getByRole("heading", { name: "Welcome to Agency OS" })).toBeVisible();

  // Bad input: each field says what is wrong, and what was typed stays.
  await page.getByLabel("Agency name").fill("A");
  await page.getByLabel("Email").fill("not-an-email");
  await page.getByLabel(/^Password/).fill("short");
  await page.getByRole("button", { name: "Create agency" }).click();
  await expect(page.getByText("Agency name must be at least 2 characters")).toBeVisible();
  await expect(page.getByText("Enter a valid email address")).toBeVisible();
  await expect(page.getByText("Use at least 10 characters")).toBeVisible();
  await expect(page.getByText("Enter your name")).toBeVisible();
  await expect(page.getByLabel("Email")).toHaveValue("not-an-email");

  await page.getByLabel("Agency name").fill("Wayne Creative");
  await page.getByLabel("Your name").fill("Bruce Owner");
  await page.getByLabel("Email").fill("bruce@wayne.test");
  await page.getByLabel(/^Password/).fill("a-long-password-1");
  await page.getByRole("button", { name: "Create agency" }).click();

  await expect(page).toHaveURL(/\/settings\/webhooks/);
  await expect(page.getByTestId("current-user")).toContainText("Bruce Owner");
  await expect(page.getByText("Wayne Creative")).toBeVisible();

  // Setup is a one-time door: once an owner exists it sends people to sign in.
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto("/setup");
  await expect(page).toHaveURL(/\/login/);
});
