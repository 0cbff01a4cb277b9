// Text PostgreSQL cannot store: `text` and `jsonb` refuse NUL, and a lone UTF-16 surrogate has no
// UTF-8 form (jsonb refuses its \ud800 escape). Such input used to pass validation and then fail
// the INSERT with an empty 500; it is refused up front instead, naming the field.
// Browser-safe: the forms validate with it too.

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Why a string cannot be stored, or null when it can. */
export function unstorableTextProblem(value: string): string | null {
  if (value.includes("\u0000")) return "cannot contain a NUL character (\\u0000)";
  if (LONE_SURROGATE.test(value)) return "contains an unpaired surrogate (not valid Unicode)";
  return null;
}

export type UnstorableText = { path: (string | number)[]; problem: string };

/** The first string (value or object key) in a JSON value that cannot be stored, with its path. */
export function findUnstorableText(value: unknown, path: (string | number)[] = []): UnstorableText | null {
  if (typeof value === "string") {
    const problem = unstorableTextProblem(value);
    return problem ? { path, problem } : null;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findUnstorableText(value[i], [...path, i]);
      if (found) return found;
    }
    return null;
  }
  if (value && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      const keyProblem = unstorableTextProblem(key);
      if (keyProblem) return { path: [...path, key], problem: `its name ${keyProblem}` };
      const found = findUnstorableText(item, [...path, key]);
      if (found) return found;
    }
  }
  return null;
}
