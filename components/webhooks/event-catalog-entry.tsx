import { CodeBlock } from "@/components/ui/code-block.tsx";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table.tsx";
import { eventDefinition, type EventType } from "@/lib/webhooks/event-catalog.ts";
import { samplePayload } from "@/lib/webhooks/catalog-docs/event-json-schema.ts";
import { schemaFields } from "./schema-fields.ts";

/** One event type: when it fires, the fields of its data, and a full sample payload. */
export function EventCatalogEntry({ type }: { type: EventType }) {
  const def = eventDefinition(type);
  const fields = schemaFields(def.schema);
  const payload = JSON.stringify(samplePayload(type), null, 2);
  const headingId = `event-${type.replace(/\W/g, "-")}`;
  return (
    <section
      aria-labelledby={headingId}
      id={type}
      className="grid min-w-0 scroll-mt-6 gap-3 rounded-lg border p-4 [&>*]:min-w-0"
      data-testid="catalog-event"
    >
      <div>
        <h3 id={headingId} className="font-mono text-base font-semibold">
          {type}
        </h3>
        <p className="text-sm text-muted-foreground">{def.description}</p>
        <a
          className="text-sm underline"
          href={`/api/v1/event-types/${type}/schema.json`}
          download={`${type}.schema.json`}
        >
          JSON Schema<span className="sr-only"> of {type}</span>
        </a>
      </div>
      <div className="grid gap-4 lg:grid-cols-2 [&>*]:min-w-0">
        <Table containerLabel={`${type} fields`}>
          <TableHeader>
            <TableRow>
              <TableHead>Field (data.*)</TableHead>
              <TableHead>Type</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {fields.map((f) => (
              <TableRow key={f.name}>
                <TableCell className="font-mono text-xs">
                  {f.name}
                  {f.required ? "" : " (optional)"}
                </TableCell>
                <TableCell className="text-xs whitespace-normal">{f.type}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
        <CodeBlock code={payload} language="json" label={`${type} sample payload`} />
      </div>
    </section>
  );
}
