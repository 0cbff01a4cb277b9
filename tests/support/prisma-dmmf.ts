import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import wasm from "@prisma/prisma-schema-wasm";

export type DmmfField = {
  name: string;
  dbName?: string;
  kind: "scalar" | "enum" | "object";
  type: string;
  isList: boolean;
  isRequired: boolean;
  isId: boolean;
  hasDefaultValue: boolean;
  nativeType: [string, string[]] | null;
  relationFromFields?: string[];
  relationOnDelete?: string;
};
export type DmmfModel = { name: string; dbName: string | null; fields: DmmfField[] };
export type DmmfIndex = {
  model: string;
  type: "id" | "unique" | "normal" | "fulltext";
  dbName?: string;
  fields: { name: string; sortOrder?: "asc" | "desc" }[];
};
export type Dmmf = { models: DmmfModel[]; enums: { name: string; values: { name: string }[] }[]; indexes: DmmfIndex[] };

/** The schema as Prisma itself parses it (the same WASM the CLI uses). */
export function readDmmf(dir = path.resolve("prisma/schema")): Dmmf {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".prisma"))
    .map((f) => [path.join(dir, f), readFileSync(path.join(dir, f), "utf8")]);
  return JSON.parse(wasm.get_dmmf(JSON.stringify({ prismaSchema: files }))).datamodel as Dmmf;
}
