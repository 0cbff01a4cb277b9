import { existsSync } from "node:fs";
import { chromium } from "@playwright/test";

// Where Debian's `chromium` package puts it; DESIGN §6: `npx playwright install` has no internet here.
const DEBIAN_CHROMIUM = "/usr/bin/chromium";

export type ChromiumChoice =
  | { ok: true; /** undefined: Playwright's own download, which it finds itself */ executablePath: string | undefined }
  | { ok: false; message: string };

const HOW = [
  "Get one of these, then run the tests again:",
  "  - Debian or Ubuntu: apt-get install chromium   (it lands at /usr/bin/chromium, used by default)",
  "  - a Chromium or Chrome you already have: CHROMIUM_PATH=/path/to/chromium npm test",
  "  - where the internet is reachable, Playwright's own browser: npx playwright install chromium",
].join("\n");

/** The Chromium the browser suites launch: CHROMIUM_PATH, else Debian's, else Playwright's own download. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): ChromiumChoice {
  if (env.CHROMIUM_PATH) {
    return existsSync(env.CHROMIUM_PATH)
      ? { ok: true, executablePath: env.CHROMIUM_PATH }
      : { ok: false, message: `CHROMIUM_PATH is ${env.CHROMIUM_PATH}, which does not exist.\n${HOW}` };
  }
  if (existsSync(DEBIAN_CHROMIUM)) return { ok: true, executablePath: DEBIAN_CHROMIUM };
  if (existsSync(chromium.executablePath())) return { ok: true, executablePath: undefined };
  return {
    ok: false,
    message: `The browser suites need Chromium, and none was found (not at ${DEBIAN_CHROMIUM}, CHROMIUM_PATH unset, no Playwright download).\n${HOW}`,
  };
}
