import { test as base, type Page } from "@playwright/test";
import type { Account } from "./accounts.ts";
import { ReceiverServer, type Receiver } from "./receiver.ts";
import { signInWithSavedState } from "./sign-in.ts";

export { expect } from "@playwright/test";

type Fixtures = {
  /** Opens the app signed in as `account` on `page`, from a saved session (support/sign-in.ts). */
  signIn: (page: Page, account: Account, appPath?: string) => Promise<void>;
  /**
   * A webhook endpoint of its own for the test: a path on the worker's receiver server,
   * answering 200 and knowing no secrets until the test says otherwise.
   */
  receiver: Receiver;
};

export const test = base.extend<Fixtures, { receiverServer: ReceiverServer }>({
  receiverServer: [
    async ({}, use) => {
      const server = await ReceiverServer.start();
      await use(server);
      await server.stop();
    },
    { scope: "worker" },
  ],
  receiver: async ({ receiverServer }, use) => {
    const receiver = receiverServer.endpoint();
    await use(receiver);
    await receiver.stop();
  },
  signIn: async ({ baseURL }, use) => {
    await use((page, account, appPath) => signInWithSavedState(page, baseURL!, account, appPath));
  },
});
