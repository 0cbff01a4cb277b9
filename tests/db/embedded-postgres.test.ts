// The default database, with real processes: the embedded PostgreSQL of a data folder is
// started by whichever process needs it first and shared by the others; killing its starter
// loses nothing, and neither does a crash of the server itself (the next start recovers).
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { embeddedPaths, ensureEmbeddedPostgres, stopEmbeddedPostgres } from "@/lib/db/embedded-postgres.ts";

const dirs: string[] = [];
const children: ChildProcessWithoutNullStreams[] = [];

function dataDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "aos-embedded-test-"));
  dirs.push(dir);
  return dir;
}

afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
  for (const dir of dirs) {
    await stopEmbeddedPostgres(dir).catch(() => false);
    rmSync(dir, { recursive: true, force: true });
  }
});

type Client = { child: ChildProcessWithoutNullStreams; output: () => string; write(label: string): Promise<void> };

/** A real node process on the default database of `dir`, ready once it has opened it. */
async function client(dir: string): Promise<Client> {
  const env = { ...process.env, DATA_DIR: dir, DATABASE_URL: "", EMBEDDED_POSTGRES_PORT: "" };
  const child = spawn(process.execPath, ["--import", "tsx", "tests/db/fixtures/embedded-client.ts"], { env });
  children.push(child);
  let out = "";
  child.stdout.on("data", (d) => (out += d));
  child.stderr.on("data", (d) => (out += d));
  const until = (pattern: RegExp, what: string) =>
    new Promise<void>((resolve, reject) => {
      const timer = setInterval(() => {
        if (pattern.test(out)) finish(resolve);
        else if (child.exitCode !== null || child.signalCode !== null)
          finish(() => reject(new Error(`${what}: ${out}`)));
      }, 50);
      const finish = (f: () => void) => (clearInterval(timer), f());
      setTimeout(() => finish(() => reject(new Error(`timed out waiting for ${what}: ${out}`))), 90_000);
    });
  await until(/ready pid=\d+ kind=embedded/, "the client to open the database");
  return {
    child,
    output: () => out,
    write: async (label) => {
      child.stdin.write(`${label}\n`);
      await until(new RegExp(`wrote ${label}\\b`), `row ${label}`);
    },
  };
}

function kill(child: ChildProcessWithoutNullStreams, signal: NodeJS.Signals = "SIGKILL"): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill(signal);
  });
}

async function labels(dir: string): Promise<string[]> {
  const { url } = await ensureEmbeddedPostgres({ dataDir: dir, log: () => {} });
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<{ label: string }>("SELECT label FROM kill_probe ORDER BY label")).rows.map((r) => r.label);
  } finally {
    await c.end();
  }
}

/** The postmaster's PID, from the postmaster.pid file PostgreSQL keeps in its cluster. */
function postmasterPid(dir: string): number {
  return Number(readFileSync(path.join(embeddedPaths(dir).cluster, "postmaster.pid"), "utf8").split("\n")[0]);
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

// Each case initialises a cluster (initdb) and starts node processes: seconds each, more on a busy machine.
describe("the embedded PostgreSQL, shared by real processes", { timeout: 180_000 }, () => {
  it("survives SIGKILL of the process that started it while another is connected, and loses nothing", async () => {
    const dir = dataDir();
    const starter = await client(dir);
    expect(starter.output()).toContain("creating the embedded PostgreSQL");
    const other = await client(dir);
    expect(other.output()).not.toContain("creating the embedded PostgreSQL");
    await starter.write("a1");
    await other.write("b1");
    const server = postmasterPid(dir);

    await kill(starter.child);
    expect(alive(server)).toBe(true);
    await other.write("b2"); // the connected process carries on, on the same server

    // The next start (a new process) connects to the running server instead of starting one.
    const next = await client(dir);
    expect(postmasterPid(dir)).toBe(server);
    await next.write("c1");
    await Promise.all([kill(other.child), kill(next.child)]);
    expect(await labels(dir)).toEqual(["a1", "b1", "b2", "c1"]);
  });

  it("recovers at the next start after the server itself is killed (stale postmaster.pid), with every committed row", async () => {
    const dir = dataDir();
    const first = await client(dir);
    await first.write("before-crash");
    const server = postmasterPid(dir);
    // A crash of the server (or the OOM killer): its backends notice the postmaster is gone and exit.
    process.kill(server, "SIGKILL");
    await expect.poll(() => alive(server), { timeout: 10_000 }).toBe(false);
    await kill(first.child);

    const after = await client(dir);
    expect(postmasterPid(dir)).not.toBe(server);
    await after.write("after-crash");
    await kill(after.child);
    expect(await labels(dir)).toEqual(["after-crash", "before-crash"]);
  });

  it("lets two processes start at once: one initialises, both connect to the one server", async () => {
    const dir = dataDir();
    const [a, b] = await Promise.all([client(dir), client(dir)]);
    const created = [a, b].filter((c) => c.output().includes("creating the embedded PostgreSQL"));
    expect(created).toHaveLength(1);
    await a.write("a");
    await b.write("b");
    await Promise.all([kill(a.child), kill(b.child)]);
    expect(await labels(dir)).toEqual(["a", "b"]);
  });

  it("stops with db:stop's call, and the next start comes back on the recorded port; an old PGlite folder gets one line", async () => {
    const dir = dataDir();
    mkdirSync(path.join(dir, "pglite"));
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (line: string) => void warnings.push(line);
    const first = await ensureEmbeddedPostgres({ dataDir: dir, log: () => {} }).finally(() => (console.warn = warn));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/pglite holds data from the old embedded PGlite database, which is no longer used/);
    expect(warnings[0]).not.toContain("\n");
    expect(first.started).toBe(true);
    // Initialised without page checksums, as clusters were before PostgreSQL 18 (see initialise()).
    const c = new pg.Client({ connectionString: first.url });
    await c.connect();
    const checksums = await c.query<{ data_checksums: string }>("SHOW data_checksums").finally(() => c.end());
    expect(checksums.rows[0].data_checksums).toBe("off");
    expect(JSON.parse(readFileSync(embeddedPaths(dir).record, "utf8")).port).toBe(first.port);
    expect(await stopEmbeddedPostgres(dir)).toBe(true);
    expect(await stopEmbeddedPostgres(dir)).toBe(false);
    const again = await ensureEmbeddedPostgres({ dataDir: dir, log: () => {} });
    expect(again).toMatchObject({ started: true, port: first.port, url: first.url });
  });

  it("says what to do with a data folder it cannot use, instead of crashing", async () => {
    const dir = dataDir();
    mkdirSync(path.join(dir, "postgres"));
    await expect(ensureEmbeddedPostgres({ dataDir: dir, log: () => {} })).rejects.toThrow(
      /postgres exists but is not a PostgreSQL cluster: move it away or delete it/,
    );
  });
});
