import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyMigrations, readMigrations, type SqlSession } from "@/lib/db/migrate.ts";
import { ADMIN_URL } from "../support/test-database.ts";

const name = `t_migrate_${Date.now().toString(36)}`;
const url = (() => {
  const u = new URL(ADMIN_URL);
  u.pathname = `/${name}`;
  return u.toString();
})();

async function admin(sql: string) {
  const c = new pg.Client({ connectionString: ADMIN_URL });
  await c.connect();
  await c.query(sql);
  await c.end();
}

async function session(): Promise<{ s: SqlSession; end: () => Promise<void> }> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  return {
    s: {
      exec: async (sql) => void (await c.query(sql)),
      query: async (sql, p) => (await c.query(sql, p as unknown[])).rows,
    },
    end: () => c.end(),
  };
}

describe("migration runner on PostgreSQL", () => {
  beforeAll(() => admin(`CREATE DATABASE "${name}"`));
  afterAll(() => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));

  it("applies each migration once when two processes start together, then nothing", async () => {
    const [a, b] = await Promise.all([session(), session()]);
    const [doneA, doneB] = await Promise.all([applyMigrations(a.s), applyMigrations(b.s)]);
    // The advisory lock serialises them: one applies everything, the other finds it done.
    expect([...doneA, ...doneB].sort()).toEqual(
      readMigrations()
        .map((m) => m.name)
        .sort(),
    );
    const rows = await a.s.query(`SELECT migration_name FROM "_prisma_migrations"`);
    expect(rows).toHaveLength(readMigrations().length);
    expect(await applyMigrations(a.s)).toEqual([]);
    await Promise.all([a.end(), b.end()]);
  });

  it("refuses to run when an applied migration was edited afterwards", async () => {
    const { s, end } = await session();
    const edited = readMigrations().map((m, i) => (i === 0 ? { ...m, checksum: "0".repeat(64) } : m));
    await expect(applyMigrations(s, edited)).rejects.toThrow(/was edited after it was applied/);
    await end();
  });

  it("rolls back a failing migration entirely and records nothing for it", async () => {
    const { s, end } = await session();
    const broken = {
      name: "29990101000000_broken",
      sql: `CREATE TABLE "half_done" (id int); SELECT no_such_function();`,
      checksum: "x".repeat(64),
    };
    await expect(applyMigrations(s, [...readMigrations(), broken])).rejects.toThrow(/29990101000000_broken failed/);
    expect(await s.query(`SELECT to_regclass('half_done') AS t`)).toEqual([{ t: null }]);
    expect(await s.query(`SELECT 1 FROM "_prisma_migrations" WHERE migration_name = $1`, [broken.name])).toEqual([]);
    await end();
  });
});
