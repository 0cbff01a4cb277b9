import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readMigrations } from "@/lib/db/migrate.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-database.ts";
import { readDmmf, type DmmfField, type DmmfModel } from "../support/prisma-dmmf.ts";

const dmmf = readDmmf();
const col = (f: DmmfField) => f.dbName ?? f.name;
const table = (m: DmmfModel) => m.dbName ?? m.name;

// What PostgreSQL reports for each Prisma scalar type (information_schema.columns).
function expectedType(f: DmmfField): string {
  if (f.isList) return "ARRAY";
  if (f.kind === "enum") return `enum:${f.type}`;
  if (f.type === "DateTime")
    return f.nativeType?.[0] === "Timestamptz" ? "timestamp with time zone" : "timestamp without time zone";
  return (
    { String: "text", Int: "integer", BigInt: "bigint", Boolean: "boolean", Json: "jsonb", Float: "double precision" }[
      f.type
    ] ?? f.type
  );
}

// Indexes Prisma's schema cannot declare (an expression with an operator class, a partial index), created by a
// migration on purpose: their names, checked to exist, and left out of the comparison below.
const INDEXES_OUTSIDE_PRISMA = [
  "events_data_text_trgm_idx",
  "engine_batch_items_open_idx",
  "engine_runs_queued_idx",
  "engine_runs_running_idx",
];

async function rows<T>(db: TestDatabase, sql: string): Promise<T[]> {
  return db.prisma.$queryRawUnsafe<T[]>(sql);
}

describe("committed migrations", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db?.drop());

  it("records every migration in _prisma_migrations with Prisma's checksum", async () => {
    const applied = await rows<{ migration_name: string; checksum: string; finished_at: Date | null }>(
      db,
      `SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" ORDER BY migration_name`,
    );
    expect(applied.map((r) => [r.migration_name, r.checksum])).toEqual(
      readMigrations().map((m) => [m.name, m.checksum]),
    );
    expect(applied.every((r) => r.finished_at)).toBe(true);
  });

  it("creates exactly the tables, columns, types and nullability of the Prisma schema", async () => {
    const cols = await rows<{
      table_name: string;
      column_name: string;
      data_type: string;
      udt_name: string;
      is_nullable: string;
      column_default: string | null;
    }>(
      db,
      `SELECT table_name, column_name, data_type, udt_name, is_nullable, column_default FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'`,
    );
    const actual = cols
      .map((c) =>
        `${c.table_name}.${c.column_name} ${c.data_type === "USER-DEFINED" ? `enum:${c.udt_name}` : c.data_type} ${c.is_nullable === "NO" ? "required" : "optional"} ${c.column_default === null ? "" : "default"}`.trim(),
      )
      .sort();
    const expected = dmmf.models
      .flatMap((m) =>
        m.fields
          .filter((f) => f.kind !== "object")
          .map((f) =>
            // Lists are nullable columns in Prisma's SQL; @updatedAt has no database default.
            `${table(m)}.${col(f)} ${expectedType(f)} ${f.isRequired && !f.isList ? "required" : "optional"} ${f.hasDefaultValue ? "default" : ""}`.trim(),
          ),
      )
      .sort();
    expect(actual).toEqual(expected);
  });

  it("has the enums of the schema", async () => {
    const found = await rows<{ typname: string; labels: string }>(
      db,
      `SELECT t.typname, string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) AS labels FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname ORDER BY t.typname`,
    );
    expect(found.map((e) => `${e.typname}:${e.labels}`)).toEqual(
      dmmf.enums.map((e) => `${e.name}:${e.values.map((v) => v.name).join(",")}`).sort(),
    );
  });

  it("has every primary key, unique and secondary index, with its columns and order", async () => {
    const all = await rows<{ def: string; name: string }>(
      db,
      `SELECT indexdef AS def, indexname AS name FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'`,
    );
    for (const name of INDEXES_OUTSIDE_PRISMA) expect(all.map((i) => i.name)).toContain(name);
    const idx = all.filter((i) => !INDEXES_OUTSIDE_PRISMA.includes(i.name));
    const actual = idx
      .map((i) => {
        const m = /^CREATE (UNIQUE )?INDEX \S+ ON public\.(\S+) USING btree \((.+)\)$/.exec(i.def);
        return m ? `${m[2]} ${m[1] ? "unique" : "index"} (${m[3]})` : i.def;
      })
      .sort();
    const expected = dmmf.indexes
      .map((i) => {
        const model = dmmf.models.find((m) => m.name === i.model)!;
        const cols = i.fields
          .map((f) => col(model.fields.find((x) => x.name === f.name)!) + (f.sortOrder === "desc" ? " DESC" : ""))
          .join(", ");
        return `${table(model)} ${i.type === "normal" ? "index" : "unique"} (${cols})`;
      })
      .sort();
    expect(actual).toEqual(expected);
  });

  it("has every foreign key with its delete rule", async () => {
    const fks = await rows<{ tbl: string; cols: string; ref: string; del: string }>(
      db,
      `SELECT c.conrelid::regclass::text AS tbl, (SELECT string_agg(a.attname, ',' ORDER BY a.attnum) FROM pg_attribute a WHERE a.attrelid = c.conrelid AND a.attnum = ANY(c.conkey)) AS cols,
              c.confrelid::regclass::text AS ref, c.confdeltype::text AS del FROM pg_constraint c WHERE c.contype = 'f'`,
    );
    const rule: Record<string, string> = { c: "Cascade", r: "Restrict", a: "NoAction", n: "SetNull", d: "SetDefault" };
    const actual = fks.map((f) => `${f.tbl}(${f.cols}) -> ${f.ref} ${rule[f.del]}`).sort();
    const expected = dmmf.models
      .flatMap((m) =>
        m.fields
          .filter((f) => f.relationFromFields?.length)
          .map((f) => {
            const target = dmmf.models.find((x) => x.name === f.type)!;
            const cols = f.relationFromFields!.map((n) => col(m.fields.find((x) => x.name === n)!)).join(",");
            return `${table(m)}(${cols}) -> ${table(target)} ${f.relationOnDelete ?? "Restrict"}`;
          }),
      )
      .sort();
    expect(actual).toEqual(expected);
  });

  it("creates, reads, updates and deletes every model through the generated client", async () => {
    const p = db.prisma;
    const agency = await p.agency.create({ data: { id: "agy_1", name: "Acme", slug: "acme" } });
    const user = await p.user.create({ data: { id: "usr_1", email: "a@acme.test", name: "A", passwordHash: "x" } });
    await p.membership.create({ data: { id: "mem_1", userId: user.id, agencyId: agency.id, role: "admin" } });
    await p.loginLimit.create({ data: { key: "login-acct:x", points: 1, expire: new Date(Date.now() + 60_000) } });
    await p.auditLog.create({
      data: {
        id: "aud_1",
        agencyId: agency.id,
        actor: "A",
        action: "webhook.created",
        targetType: "webhook",
        details: { a: 1 },
      },
    });
    const hook = await p.webhook.create({
      data: {
        id: "wh_1",
        agencyId: agency.id,
        name: "H",
        url: "https://example.com",
        events: ["invoice.paid"],
        secretEnc: "enc",
      },
    });
    await p.event.create({
      data: { id: "evt_1", agencyId: agency.id, type: "invoice.paid", data: { id: 1 }, occurredAt: new Date() },
    });
    const delivery = await p.delivery.create({
      data: { id: "dlv_1", agencyId: agency.id, webhookId: hook.id, eventId: "evt_1", eventType: "invoice.paid" },
    });
    await p.deliveryAttempt.create({
      data: {
        id: "att_1",
        deliveryId: delivery.id,
        webhookId: hook.id,
        number: 1,
        trigger: "auto",
        requestUrl: hook.url,
        requestHeaders: {},
        requestBody: "{}",
        durationMs: 3,
      },
    });
    await p.engineRun.create({ data: { id: "run_1", functionId: "f", event: {}, status: "queued" } });
    await p.engineStep.create({ data: { runId: "run_1", hash: "h", data: { data: 1 } } });
    await p.engineEvent.create({ data: { id: "e1", name: "n", data: {}, ts: new Date() } });
    await p.engineCron.create({ data: { functionId: "f", nextAt: new Date() } });
    await p.engineBatchItem.create({ data: { functionId: "f", eventId: "e1", batchKey: "", event: {} } });
    // One item per (function, event id): Inngest's dedupe.
    await expect(
      p.engineBatchItem.create({ data: { functionId: "f", eventId: "e1", batchKey: "", event: {} } }),
    ).rejects.toThrow();

    // One delivery per (event, endpoint): the database refuses a second.
    await expect(
      p.delivery.create({
        data: { id: "dlv_2", agencyId: agency.id, webhookId: hook.id, eventId: "evt_1", eventType: "invoice.paid" },
      }),
    ).rejects.toThrow();

    const updated = await p.delivery.update({
      where: { id: delivery.id },
      data: { status: "succeeded", attemptCount: 1 },
    });
    expect(updated.status).toBe("succeeded");
    expect((await p.webhook.findUniqueOrThrow({ where: { id: hook.id } })).events).toEqual(["invoice.paid"]);
    expect(await p.engineStep.count()).toBe(1);

    // Deleting the agency cascades through everything it owns.
    await p.agency.delete({ where: { id: agency.id } });
    for (const count of [
      p.membership.count(),
      p.webhook.count(),
      p.event.count(),
      p.delivery.count(),
      p.deliveryAttempt.count(),
      p.auditLog.count(),
    ]) {
      expect(await count).toBe(0);
    }
    await p.engineRun.delete({ where: { id: "run_1" } });
    expect(await p.engineStep.count()).toBe(0);
    await p.user.delete({ where: { id: user.id } });
    await p.loginLimit.deleteMany();
    await p.engineEvent.deleteMany();
    await p.engineCron.deleteMany();
    await p.engineBatchItem.deleteMany();
    expect(await p.user.count()).toBe(0);
  });
});
