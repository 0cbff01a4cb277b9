import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { closeSync, openSync, rmSync } from "node:fs";
import { stopEmbeddedPostgres } from "../../lib/db/embedded-postgres.ts";

export type AppProcess = { url: string; child: ChildProcess; kill(signal?: NodeJS.Signals): Promise<void> };

/**
 * A production server of the app (`next start`, needs a build) on its own port and data
 * folder, in its own process group so that a SIGKILL takes the whole server down at once.
 * Without DATABASE_URL in `env` it runs on the embedded PostgreSQL of its data folder, which
 * outlives the app (as it does for users); e2e/global-teardown.ts stops it.
 */
export async function startApp(opts: {
  port: number;
  dataDir: string;
  env?: Record<string, string>;
  fresh?: boolean;
  seed?: boolean;
  /** Append the server's stdout and stderr here (e.g. to scan them for secrets); else discarded. */
  logFile?: string;
}): Promise<AppProcess> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: opts.dataDir,
    DATABASE_URL: "",
    AUTH_SECRET: "e2e-only-secret-not-for-production-000000",
    WEBHOOK_ALLOW_PRIVATE_URLS: "true",
    ...opts.env,
    NODE_ENV: "production",
  };
  if (opts.fresh) {
    await stopEmbeddedPostgres(opts.dataDir);
    rmSync(opts.dataDir, { recursive: true, force: true });
  }
  if (opts.seed) {
    const r = spawnSync("npx", ["tsx", "scripts/db-seed.ts", "--with-second-agency"], { env, encoding: "utf8" });
    if (r.status !== 0) throw new Error(`seed failed: ${r.stderr}`);
  }
  const log = opts.logFile ? openSync(opts.logFile, "a") : undefined;
  const stdio = log === undefined ? ("ignore" as const) : (["ignore", log, log] as ["ignore", number, number]);
  const child = spawn("npx", ["next", "start", "-p", String(opts.port), "-H", "127.0.0.1"], {
    env,
    detached: true,
    stdio,
  });
  if (log !== undefined) closeSync(log);
  const url = `http://127.0.0.1:${opts.port}`;
  await waitForHealth(url, child);
  return {
    url,
    child,
    kill: (signal = "SIGKILL") =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        process.kill(-child.pid!, signal);
      }),
  };
}

async function waitForHealth(url: string, child: ChildProcess, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the app exited with code ${child.exitCode}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.status === 200) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`the app at ${url} did not become healthy in ${timeoutMs} ms`);
}

/** Emits through the running app with the operator token, as `npm run emit` does. */
export async function emitThroughApp(
  app: AppProcess,
  token: string,
  body: { type: string; data?: unknown; id?: string; agency?: string },
): Promise<string> {
  const res = await fetch(`${app.url}/api/events`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as { id?: string; error?: string };
  if (res.status !== 201 || !json.id) throw new Error(`emit refused (${res.status}): ${json.error}`);
  return json.id;
}
