/**
 * A json/jsonb column read by a raw query: the PostgreSQL adapter hands it back parsed,
 * others as text; accept both.
 */
export function jsonColumn(value: unknown): unknown {
  return typeof value === "string" ? JSON.parse(value) : value;
}
