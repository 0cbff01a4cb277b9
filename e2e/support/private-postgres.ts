import { execFileSync } from "node:child_process";
import { chownSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

// A PostgreSQL server of the test's own (initdb into a temporary folder, its own port), so a
// test can stop and start it without touching the machine's shared server on :5432.
// PostgreSQL refuses to run as root: the server runs as the `postgres` user.

const BIN = process.env.PG_BIN ?? "/usr/lib/postgresql/15/bin";

export type PrivatePostgres = {
  url: string;
  port: number;
  stop(): void;
  start(): void;
  destroy(): void;
  dump(): string;
};

function asPostgres(cmd: string, args: string[]): string {
  const asRoot = process.getuid?.() === 0;
  const [file, argv] = asRoot
    ? ["runuser", ["-u", "postgres", "--", path.join(BIN, cmd), ...args]]
    : [path.join(BIN, cmd), args];
  return execFileSync(file, argv, {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    maxBuffer: 256 * 1024 * 1024,
  });
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export async function startPrivatePostgres(database = "app"): Promise<PrivatePostgres> {
  const dir = mkdtempSync(path.join(tmpdir(), "aos-pg-"));
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
    chownSync(dir, uid, gid);
  }
  const port = await freePort();
  asPostgres("initdb", ["-D", dir, "-A", "trust", "-U", "postgres", "--no-sync"]);
  const options = `-p ${port} -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=60`;
  const start = () =>
    void asPostgres("pg_ctl", ["-D", dir, "-o", options, "-l", path.join(dir, "server.log"), "-w", "start"]);
  const stop = () => void asPostgres("pg_ctl", ["-D", dir, "-m", "fast", "-w", "stop"]);
  start();
  asPostgres("createdb", ["-h", "127.0.0.1", "-p", String(port), "-U", "postgres", database]);
  const url = `postgres://postgres@127.0.0.1:${port}/${database}`;
  return {
    url,
    port,
    start,
    stop,
    dump: () =>
      asPostgres("pg_dump", ["--no-owner", "-h", "127.0.0.1", "-p", String(port), "-U", "postgres", database]),
    destroy: () => {
      try {
        stop();
      } catch {
        /* already stopped */
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
