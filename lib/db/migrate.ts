import { createHash, randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

export type SqlSession = {
  exec(sql: string): Promise<void>;
  query(sql: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
};

export type Migration = { name: string; sql: string; checksum: string };

// Any constant works; it only has to be the same in every process of this app.
const ADVISORY_LOCK_KEY = 7_240_311_905;

export const MIGRATIONS_DIR = path.resolve(process.cwd(), "prisma/migrations");

/** The committed migrations, in order, with Prisma's checksum (SHA-256 of the file). */
export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(/*turbopackIgnore: true*/ dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(/*turbopackIgnore: true*/ path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

/**
 * Applies pending migrations and records them in `_prisma_migrations` exactly as
 * `prisma migrate deploy` would, so either tool sees the other's work. Each migration
 * runs in its own transaction; an advisory lock serialises processes starting together.
 */
export async function applyMigrations(db: SqlSession, migrations = readMigrations()): Promise<string[]> {
  await db.exec(`SELECT pg_advisory_lock(${ADVISORY_LOCK_KEY})`);
  try {
    await db.exec(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      "id" VARCHAR(36) PRIMARY KEY NOT NULL,
      "checksum" VARCHAR(64) NOT NULL,
      "finished_at" TIMESTAMPTZ,
      "migration_name" VARCHAR(255) NOT NULL,
      "logs" TEXT,
      "rolled_back_at" TIMESTAMPTZ,
      "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
      "applied_steps_count" INTEGER NOT NULL DEFAULT 0
    )`);
    const rows = await db.query(
      `SELECT migration_name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    const applied = new Map(rows.map((r) => [String(r.migration_name), String(r.checksum)]));
    const done: string[] = [];
    for (const m of migrations) {
      const known = applied.get(m.name);
      if (known !== undefined) {
        if (known !== m.checksum) throw new Error(`Migration ${m.name} was edited after it was applied`);
        continue;
      }
      await applyOne(db, m);
      done.push(m.name);
    }
    return done;
  } finally {
    await db.exec(`SELECT pg_advisory_unlock(${ADVISORY_LOCK_KEY})`);
  }
}

async function applyOne(db: SqlSession, m: Migration): Promise<void> {
  await db.exec("BEGIN");
  try {
    await db.exec(m.sql);
    await db.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
       VALUES ($1, $2, $3, now(), now(), 1)`,
      [randomUUID(), m.checksum, m.name],
    );
    await db.exec("COMMIT");
  } catch (err) {
    await db.exec("ROLLBACK");
    throw new Error(`Migration ${m.name} failed: ${(err as Error).message}`);
  }
}
