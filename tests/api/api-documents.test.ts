import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { Parser } from "@asyncapi/parser";
import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, it } from "vitest";
import { buildOpenApiDocument } from "@/lib/api/openapi/build-openapi.ts";
import { EVENT_TYPES, sampleEventData } from "@/lib/webhooks/event-catalog.ts";
import { buildAsyncApiDocument } from "@/lib/webhooks/catalog-docs/asyncapi-document.ts";
import { eventPayloadSchemaDocument } from "@/lib/webhooks/catalog-docs/event-json-schema.ts";

const V1 = path.resolve(import.meta.dirname, "../../app/api/v1");
const METHODS = ["GET", "POST", "PATCH", "PUT", "DELETE"];

/** Every route handler under app/api/v1, as `METHOD /path/{param}` (the OpenAPI spelling). */
function routesOnDisk(dir = V1): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...routesOnDisk(full));
    else if (entry.name === "route.ts") {
      const route = "/" + path.relative(V1, dir).split(path.sep).join("/");
      const openapiPath = route.replace(/\[([^\]]+)\]/g, "{$1}");
      const source = readFileSync(full, "utf8");
      for (const m of METHODS) if (new RegExp(`export const ${m}\\b`).test(source)) found.push(`${m} ${openapiPath}`);
    }
  }
  return found.sort();
}

describe("OpenAPI document", () => {
  const doc = buildOpenApiDocument();

  it("is valid OpenAPI 3.1 by the specification's own schema", async () => {
    const result = await new Validator().validate(doc as unknown as Record<string, unknown>);
    expect(result.errors ?? [], JSON.stringify(result.errors)).toEqual([]);
    expect(result.valid).toBe(true);
    expect(doc.openapi).toBe("3.1.0");
  });

  it("lists exactly the route handlers in app/api/v1", () => {
    const documented = Object.entries(doc.paths ?? {})
      .flatMap(([p, item]) => Object.keys(item ?? {}).map((m) => `${m.toUpperCase()} ${p}`))
      .sort();
    expect(routesOnDisk().length).toBeGreaterThan(15);
    expect(documented).toEqual(routesOnDisk());
  });

  it("describes every event's payload and the signature headers in its webhooks section", () => {
    expect(Object.keys(doc.webhooks ?? {}).sort()).toEqual([...EVENT_TYPES].sort());
    const paid = JSON.stringify(doc.webhooks?.["invoice.paid"]);
    for (const header of ["X-AOSAI-Signature", "X-AOSAI-Timestamp", "webhook-id", "webhook-signature"])
      expect(paid).toContain(header);
    expect(doc.components?.schemas?.InvoicePaidEvent).toMatchObject({
      properties: { data: { properties: { invoice_number: { type: "string" } } } },
    });
  });

  it("documents the Location header of the 202s that start a Retry Failed job", () => {
    for (const [p, method] of [
      ["/webhooks/{id}/deliveries/retry-failed", "post"],
      ["/retry-jobs", "post"],
    ] as const) {
      const op = doc.paths?.[p]?.[method] as { responses: Record<string, { headers?: Record<string, unknown> }> };
      expect(Object.keys(op.responses[202].headers ?? {}), p).toEqual(
        expect.arrayContaining(["Location", "RateLimit-Limit"]),
      );
      expect(JSON.stringify(op.responses[202].headers?.Location), p).toContain("/retry-jobs/{jobId}");
    }
  });

  it("names the scope of every keyed operation", () => {
    for (const [p, item] of Object.entries(doc.paths ?? {}))
      for (const [method, op] of Object.entries(item ?? {})) {
        const security = (op as { security?: Record<string, string[]>[] }).security;
        expect(security, `${method} ${p}`).toBeDefined();
      }
  });
});

describe("event catalog documents", () => {
  it("the AsyncAPI 3 document parses and validates with the AsyncAPI parser", async () => {
    const { document, diagnostics } = await new Parser().parse(JSON.stringify(buildAsyncApiDocument()));
    const errors = diagnostics.filter((d) => d.severity === 0);
    expect(errors.map((d) => `${d.path.join(".")}: ${d.message}`)).toEqual([]);
    expect(document?.version()).toBe("3.0.0");
    expect(document?.messages().length).toBe(EVENT_TYPES.length);
  });

  it("each event type's JSON Schema accepts its sample and refuses a wrong type, checked by Ajv (JSON Schema 2020-12)", async () => {
    const { default: Ajv2020 } = await import("ajv/dist/2020.js");
    const { default: addFormats } = await import("ajv-formats");
    const ajv = addFormats(new Ajv2020({ strict: false }));
    for (const type of EVENT_TYPES) {
      const validate = ajv.compile(eventPayloadSchemaDocument(type));
      const sample = { id: "evt_1", event: type, timestamp: "2026-03-31T12:00:00Z", data: sampleEventData(type) };
      expect(validate(sample), `${type}: ${JSON.stringify(validate.errors)}`).toBe(true);
      expect(validate({ ...sample, data: { ...sample.data, id: "forty-two" } }), type).toBe(false);
    }
  });
});
