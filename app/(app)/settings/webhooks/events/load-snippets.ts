import "server-only";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { Snippet } from "@/components/webhooks/verify-snippets.tsx";

const LANGUAGES: Record<string, { label: string; language: string; order: number }> = {
  ".js": { label: "Node.js", language: "javascript", order: 0 },
  ".mjs": { label: "Node.js", language: "javascript", order: 0 },
  ".ts": { label: "Node.js", language: "typescript", order: 0 },
  ".php": { label: "PHP", language: "php", order: 1 },
  ".py": { label: "Python", language: "python", order: 2 },
};

/** Read at request time, so the page always shows the snippets the repository ships and tests. */
export async function loadVerifySnippets(): Promise<Snippet[]> {
  let names: string[];
  try {
    names = await readdir(path.join(process.cwd(), "docs", "verify"));
  } catch {
    return [];
  }
  const picked = names
    .filter((n) => LANGUAGES[path.extname(n)] && !/\.test\./.test(n))
    .sort((a, b) => LANGUAGES[path.extname(a)].order - LANGUAGES[path.extname(b)].order || a.localeCompare(b));
  return Promise.all(
    picked.map(async (name) => {
      const lang = LANGUAGES[path.extname(name)];
      return {
        id: name,
        label: lang.label,
        language: lang.language,
        fileName: `docs/verify/${name}`,
        code: await readFile(path.join(process.cwd(), "docs", "verify", name), "utf8"),
      };
    }),
  );
}
