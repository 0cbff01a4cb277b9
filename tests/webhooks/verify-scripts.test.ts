import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendTestPayload } from "@/lib/webhooks/send-test-payload.ts";
import { rotateSecret } from "@/lib/webhooks/rotate-secret.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-database.ts";
import { addWebhook, createAgency } from "./support/fixtures.ts";

const DIR = path.resolve("docs/verify");

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

/** Starts a documented receiver as a reader would, and waits for its "listening on <port>". */
async function startScript(
  command: string,
  args: string[],
  secret: string,
): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(command, args, { cwd: DIR, env: { ...process.env, WEBHOOK_SECRET: secret, PORT: "0" } });
  let out = "";
  child.stdout?.on("data", (c: Buffer) => (out += c.toString()));
  child.stderr?.on("data", (c: Buffer) => (out += c.toString()));
  const port = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no port from ${command}: ${out}`)), 10_000);
    child.stdout?.on("data", () => {
      const m = /listening on (\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
  });
  return { child, url: `http://127.0.0.1:${port}/webhooks`, output: () => out };
}

async function exercise(command: string, args: string[]) {
  const agencyId = await createAgency(database.prisma);
  const hook = await addWebhook(database.prisma, agencyId, { url: "http://127.0.0.1:1/placeholder" });
  const script = await startScript(command, args, hook.secret);
  try {
    await database.prisma.webhook.update({ where: { id: hook.id }, data: { url: script.url } });
    const genuine = await sendTestPayload(database.prisma, {
      agencyId,
      webhookId: hook.id,
      eventType: "invoice.paid",
      allowPrivateUrls: true,
      timeoutMs: 5_000,
    });
    expect(genuine).toMatchObject({ ok: true, statusCode: 200, responseBody: "ok" });

    // The same headers with a changed body must be refused.
    const sent = await database.prisma.deliveryAttempt.findFirstOrThrow({
      where: { webhookId: hook.id },
      orderBy: { createdAt: "desc" },
    });
    const headers = sent.requestHeaders as Record<string, string>;
    const forged = await request(script.url, { method: "POST", headers, body: sent.requestBody.replace("1500", "1") });
    expect(forged.statusCode).toBe(401);
    await forged.body.text();

    // After a rotation the receiver still holds the old secret: the previous-secret header keeps it working.
    await rotateSecret(database.prisma, { agencyId, webhookId: hook.id });
    const duringRotation = await sendTestPayload(database.prisma, {
      agencyId,
      webhookId: hook.id,
      eventType: "task.created",
      allowPrivateUrls: true,
      timeoutMs: 5_000,
    });
    expect(duringRotation).toMatchObject({ ok: true, statusCode: 200 });
    expect(script.output()).toMatch(/verified invoice\.paid evt_/);
  } finally {
    script.child.kill();
  }
}

describe("the documented verification scripts work as written", () => {
  it("docs/verify/verify.mjs (Node)", () => exercise(process.execPath, ["verify.mjs"]));
  it("docs/verify/verify.py (Python 3)", () => exercise("python3", ["verify.py"]));
  it("docs/verify/verify.php (PHP built-in server)", async () => {
    // php -S takes the port on the command line; pick a free one first.
    const { unusedPort } = await import("../support/receiver.ts");
    const port = await unusedPort();
    const agencyId = await createAgency(database.prisma);
    const hook = await addWebhook(database.prisma, agencyId, { url: `http://127.0.0.1:${port}/` });
    const child = spawn("php", ["-S", `127.0.0.1:${port}`, "verify.php"], {
      cwd: DIR,
      env: { ...process.env, WEBHOOK_SECRET: hook.secret },
    });
    try {
      await new Promise((r) => setTimeout(r, 1_000));
      const genuine = await sendTestPayload(database.prisma, {
        agencyId,
        webhookId: hook.id,
        eventType: "invoice.paid",
        allowPrivateUrls: true,
        timeoutMs: 5_000,
      });
      expect(genuine).toMatchObject({ ok: true, statusCode: 200 });
    } finally {
      child.kill();
    }
  });
});
