import { parse, type ParseResult } from "@marcbachmann/cel-js";

// Trigger filters and concurrency keys are CEL, as on Inngest, evaluated by a CEL library
// against `{ event }`. Expressions are compiled once when the functions are synced, so an
// invalid one fails the sync (as Inngest refuses it) instead of every run.

export type CompiledExpression = (scope: Record<string, unknown>) => unknown;

export function compileExpression(expression: string): CompiledExpression {
  let program: ParseResult;
  try {
    program = parse(expression);
  } catch (err) {
    throw new Error(`Invalid expression "${expression}": ${(err as Error).message.split("\n")[0]}`);
  }
  return (scope) => program(scope);
}

/**
 * A concurrency key's value as Inngest computes it: the expression's result as text; one
 * that cannot be evaluated (e.g. a missing field) is "<nil>", shared by every such run.
 */
export function keyValue(compiled: CompiledExpression, scope: Record<string, unknown>): string {
  let value: unknown;
  try {
    value = compiled(scope);
  } catch {
    return "<nil>";
  }
  if (typeof value === "string") return value;
  if (value === null || value === undefined) return "<nil>";
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}
