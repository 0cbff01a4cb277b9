import type { Page } from "@playwright/test";
import { expect, test } from "./support/test.ts";
import { accounts } from "./support/accounts.ts";
import { createWebhook, uniqueName } from "./support/webhook-steps.ts";

// A page's content streams in after the shell (its loading.tsx shows meanwhile), and React 19
// reveals it up to 300 ms later, batched with others. If the shell has hydrated by then and a
// context above the content changes (as one did after hydration), React cannot hydrate the
// content it has not revealed yet: it throws the server's HTML away and renders the content
// again in the browser. For a moment the page then holds the form twice (the hidden streamed copy
// and the new one), the browser does the page's work twice, and a test that looks up a field by
// its label finds two. The clean-clone run of b9c7fbd failed that way once.
//
// Here the reveal is held until the shell has hydrated, which makes that moment certain, and
// every <h1> and <input> the server sent is marked: what the page finally shows must be those
// nodes, hydrated, not copies rendered again.

/** Marks the server's <h1> and <input> elements, so a copy rendered by the browser can be told apart. */
async function markServerNodes(page: Page) {
  await page.route(
    (url) => url.pathname.startsWith("/settings/"),
    async (route) => {
      if (route.request().resourceType() !== "document") return route.fallback();
      const response = await route.fetch();
      const html = (await response.text())
        .replaceAll("<h1", "<h1 data-from-server")
        .replaceAll("<input", "<input data-from-server");
      await route.fulfill({ response, body: html });
    },
  );
}

/** Holds React's reveal of streamed content (the inline `$RV`) until the shell has hydrated. */
async function holdRevealsUntilHydrated(page: Page) {
  await page.addInitScript(() => {
    const w = window as unknown as Record<string, unknown>;
    const hydrated = () => {
      const shell = document.querySelector("[data-testid=current-user]");
      return shell !== null && Object.keys(shell).some((k) => k.startsWith("__reactFiber$"));
    };
    let reveal: ((batch: unknown[]) => void) | undefined;
    Object.defineProperty(w, "$RV", {
      configurable: true,
      set(fn: (batch: unknown[]) => void) {
        reveal = fn;
      },
      get() {
        return (batch: unknown[]) => {
          // After hydration, a moment for its effects and the re-renders they schedule.
          const wait = () => (hydrated() ? setTimeout(() => reveal?.(batch), 500) : setTimeout(wait, 20));
          wait();
        };
      },
    });
  });
}

test("a page's streamed content is hydrated, not rendered again, however late it is revealed", async ({
  page,
  signIn,
  receiver,
}) => {
  await signIn(page, accounts.admin);
  const name = uniqueName("Hydrated hook");
  const { id } = await createWebhook(page, { name, url: receiver.url, events: ["invoice.paid"] });
  await markServerNodes(page);
  await holdRevealsUntilHydrated(page);

  const pages: [path: string, heading: string][] = [
    ["/settings/webhooks", "Webhooks"],
    ["/settings/webhooks/new", "Add Webhook"],
    [`/settings/webhooks/${id}`, name],
    ["/settings/webhooks/events", "Event catalog"],
    [`/settings/webhooks/${id}/edit`, `Edit ${name}`],
  ];
  for (const [path, heading] of pages) {
    await page.goto(path);
    const h1 = page.getByRole("heading", { level: 1, name: heading });
    await expect(h1, path).toBeVisible();
    await expect(h1, `${path}: the server's heading, hydrated`).toHaveAttribute("data-from-server", "");
  }
  // The edit form (the last page): one Name field, the server's, holding the webhook's name once hydrated.
  const field = page.getByLabel("Name", { exact: true });
  await expect(field).toHaveValue(name);
  await expect(field).toHaveAttribute("data-from-server", "");
});
