import { readFileSync, unlinkSync, writeFileSync } from "node:fs";

/**
 * PGlite serves one process at a time: a second process opening the same folder would
 * corrupt it. The owner writes its PID beside the folder; others get a clear error.
 */
export function acquirePgliteLock(dir: string): () => void {
  const file = `${dir}.lock`;
  for (let tries = 0; tries < 2; tries++) {
    try {
      writeFileSync(file, String(process.pid), { flag: "wx" });
      const release = () => {
        try {
          if (readFileSync(file, "utf8") === String(process.pid)) unlinkSync(file);
        } catch {
          /* already gone */
        }
      };
      process.once("exit", release);
      return release;
    } catch {
      const owner = Number(readFileSync(file, "utf8"));
      if (owner && owner !== process.pid && isAlive(owner)) {
        throw new Error(
          `The embedded database in ${dir} is in use by process ${owner} (probably the running app). ` +
            "Stop it first, or set DATABASE_URL to use PostgreSQL, which serves many processes.",
        );
      }
      unlinkSync(file); // stale lock from a process that died
    }
  }
  throw new Error(`Could not lock ${dir}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
  // A killed process whose parent has not reaped it yet (a zombie) still answers kill(0),
  // e.g. an app killed with SIGKILL in a container without an init process.
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const state = stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
    return state !== "Z" && state !== "X";
  } catch {
    return true; // no /proc (not Linux): trust kill(0)
  }
}
