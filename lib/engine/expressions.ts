// The few expressions the embedded engine understands: dotted paths into the event
// (concurrency keys such as `event.data.webhookId`) and `==` / `!=` comparisons joined by
// `&&` (trigger filters, e.g. the SDK's own `event.data.function_id == 'app-fn'`).

export function readPath(root: Record<string, unknown>, path: string): unknown {
  let value: unknown = root;
  for (const key of path.trim().split(".")) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

function operand(text: string, scope: Record<string, unknown>): unknown {
  const t = text.trim();
  if (/^'.*'$|^".*"$/.test(t)) return t.slice(1, -1);
  if (/^-?\d+(\.\d+)?$/.test(t)) return Number(t);
  if (t === "true" || t === "false") return t === "true";
  if (t === "null") return null;
  if (/^(event|async)(\.[\w$]+)+$/.test(t)) return readPath(scope, t);
  throw new Error(`Unsupported expression operand "${t}"`);
}

/** Evaluates `a == b && c != d` against `{ event }`; throws on anything else. */
export function evaluateCondition(expression: string, scope: Record<string, unknown>): boolean {
  return expression.split("&&").every((clause) => {
    const m = /^(.*?)(==|!=)(.*)$/.exec(clause);
    if (!m) throw new Error(`Unsupported expression "${expression}"`);
    const equal = operand(m[1], scope) === operand(m[3], scope);
    return m[2] === "==" ? equal : !equal;
  });
}
