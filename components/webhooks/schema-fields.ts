import { z } from "zod";

export type FieldRow = { name: string; type: string; required: boolean };

type Node = {
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  const?: unknown;
  anyOf?: Node[];
  items?: Node;
  properties?: Record<string, Node>;
  required?: string[];
};

const FORMATS: Record<string, string> = {
  date: "date (YYYY-MM-DD)",
  "date-time": "date-time (ISO 8601)",
  email: "email",
};

function typeText(node: Node): string {
  if (node.const !== undefined) return `always ${JSON.stringify(node.const)}`;
  if (node.enum) return `one of ${node.enum.map((v) => JSON.stringify(v)).join(", ")}`;
  if (node.anyOf) return node.anyOf.map(typeText).join(" or ");
  if (node.format && FORMATS[node.format]) return FORMATS[node.format];
  const types = Array.isArray(node.type) ? node.type : node.type ? [node.type] : ["any"];
  return types.map((t) => (t === "array" && node.items ? `array of ${typeText(node.items)}` : t)).join(" or ");
}

/** The fields of an event's data, read from its zod schema (nested objects as dotted names). */
export function schemaFields(schema: z.ZodType): FieldRow[] {
  const root = z.toJSONSchema(schema, { unrepresentable: "any" }) as Node;
  const rows: FieldRow[] = [];
  const walk = (node: Node, prefix: string) => {
    for (const [name, child] of Object.entries(node.properties ?? {})) {
      const full = prefix ? `${prefix}.${name}` : name;
      const required = node.required?.includes(name) ?? false;
      if (child.properties) {
        rows.push({ name: full, type: "object", required });
        walk(child, full);
      } else {
        rows.push({ name: full, type: typeText(child), required });
      }
    }
  };
  walk(root, "");
  return rows;
}
