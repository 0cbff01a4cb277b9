import { afterEach, describe, expect, it } from "vitest";
// Not an export of the package (nor of its types): the patched module itself
// (patches/inngest+4.24.0.patch).
const { getProcessEnv } = (await import("../../node_modules/inngest/helpers/env.js")) as unknown as {
  getProcessEnv: () => Record<string, string | undefined>;
};

// The SDK reads its environment several times for every call it serves or makes; as shipped it
// copied every variable of the process to keep its own (a quarter of the SDK's CPU at 200
// events/s). `npm install` applies the patch that reads only its own keys (patch-package).
describe("the Inngest SDK's environment reader (patched at install)", () => {
  const saved = { ...process.env };
  afterEach(() => {
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
  });

  it("is the patched one", () => {
    expect(getProcessEnv.toString()).toContain("Patched (the app's patches/)");
  });

  it("gives the SDK's own variables as they are now, and no others", () => {
    delete process.env.INNGEST_ENV;
    expect(getProcessEnv().INNGEST_ENV).toBeUndefined();
    process.env.INNGEST_ENV = "branch-1";
    process.env.AGENCY_OS_UNRELATED_SECRET = "not for the SDK";
    const env = getProcessEnv();
    expect(env.INNGEST_ENV).toBe("branch-1");
    expect(Object.keys(env)).not.toContain("AGENCY_OS_UNRELATED_SECRET");
    // Still kept out of logs: the SDK's guard against serializing it stays.
    expect(JSON.stringify(env)).toBe("{}");
  });
});
