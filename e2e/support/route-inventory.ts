import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";

// Every page, route handler and server action, read from the file tree (and, for the actions'
// IDs, from the production build) so that a new one is covered by the access suite without
// anyone remembering to add it. Its access rule comes from the rules below; a surface no rule
// names is treated as an admin surface, the strictest.

export type Access = "public" | "member" | "admin";

export type PageSurface = { kind: "page"; file: string; route: string; params: string[]; access: Access };
export type RouteSurface = {
  kind: "route";
  file: string;
  route: string;
  params: string[];
  methods: string[];
  access: Access;
};
export type ActionSurface = {
  kind: "action";
  file: string;
  name: string;
  access: Access;
  id?: string;
  pages: string[];
};

const APP_DIR = "app";

// Reachable without signing in, on purpose (each with its reason).
const PUBLIC_PAGES = new Set(["/login", "/setup"]);
const PUBLIC_ROUTES: Record<string, string> = {
  "/api/auth/[...nextauth]": "Auth.js sign-in, session and CSRF endpoints",
  "/api/health": "load balancers: says whether parts work, no tenant data",
  "/api/inngest": "Inngest calls it; every call must carry a valid signature",
  "/api/v1/openapi.json": "the API's own description, generated from its schemas; no tenant data",
  "/api/v1/asyncapi.json": "the event catalog as AsyncAPI; no tenant data",
  "/api/v1/event-types": "the event catalog; no tenant data",
  "/api/v1/event-types/[type]": "one catalog entry; no tenant data",
  "/api/v1/event-types/[type]/schema.json": "one catalog entry's JSON Schema; no tenant data",
};
const PUBLIC_ACTIONS = new Set([
  "lib/actions/auth/sign-in.ts#signInAction",
  "lib/actions/auth/complete-setup.ts#completeSetupAction",
]);
// Open to every signed-in role, members included.
const MEMBER_PAGES = new Set(["/", "/account"]);
const MEMBER_ACTIONS = new Set([
  "lib/actions/auth/sign-out.ts#signOutAction",
  // Account: about the signed-in user only (their password, their sessions), never an agency's data.
  "lib/actions/account/change-password.ts#changePasswordAction",
  "lib/actions/account/sign-out-everywhere.ts#signOutEverywhereAction",
  // Each person's own notifications and display preferences (scoped to their user in the action).
  "lib/actions/alerts/mark-notifications-read.ts#markNotificationsReadAction",
  "lib/actions/alerts/save-preferences.ts#savePreferencesAction",
  "lib/actions/account/save-display-prefs.ts#saveDisplayPrefsAction",
]);

function walk(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else out.push(full.split(path.sep).join("/"));
  }
  return out;
}

/** `app/(app)/settings/webhooks/[id]/(detail)/page.tsx` → `/settings/webhooks/[id]`. */
function routeOf(file: string): { route: string; params: string[] } {
  const segments = path.posix
    .dirname(file)
    .split("/")
    .slice(1)
    .filter((s) => !/^\(.*\)$/.test(s) && !s.startsWith("@"));
  const params = segments.filter((s) => /^\[.*\]$/.test(s)).map((s) => s.replace(/^\[(\.\.\.)?|\]$/g, ""));
  return { route: `/${segments.join("/")}`, params };
}

export function listPages(): PageSurface[] {
  return walk(APP_DIR)
    .filter((f) => /\/page\.(tsx|ts|jsx|js)$/.test(f))
    .map((file) => {
      const { route, params } = routeOf(file);
      const access: Access = PUBLIC_PAGES.has(route) ? "public" : MEMBER_PAGES.has(route) ? "member" : "admin";
      return { kind: "page" as const, file, route, params, access };
    })
    .sort((a, b) => a.route.localeCompare(b.route));
}

const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

export function listRoutes(): RouteSurface[] {
  return walk(APP_DIR)
    .filter((f) => /\/route\.(ts|js)$/.test(f))
    .map((file) => {
      const source = readFileSync(file, "utf8");
      const methods = new Set<string>();
      for (const m of source.matchAll(/export\s+(?:async\s+)?(?:function|const|let)\s+([A-Z]+)\b/g)) methods.add(m[1]);
      // export const { GET, POST } = handlers;  /  export { GET, POST } from "…"
      for (const m of source.matchAll(/export\s+(?:const\s+)?\{([^}]*)\}/g)) {
        for (const name of m[1].split(",").map((s) =>
          s
            .trim()
            .split(/\s+as\s+/)
            .pop()!
            .trim(),
        ))
          methods.add(name);
      }
      const { route, params } = routeOf(file);
      return {
        kind: "route" as const,
        file,
        route,
        params,
        methods: [...methods].filter((m) => METHODS.includes(m)).sort(),
        access: (route in PUBLIC_ROUTES ? "public" : "admin") as Access,
      };
    })
    .sort((a, b) => a.route.localeCompare(b.route));
}

function isUseServerFile(source: string): boolean {
  const code = source.replace(/^\s*(\/\/[^\n]*\n|\/\*[\s\S]*?\*\/\s*)*/, "");
  return /^["']use server["'];?/.test(code.trimStart());
}

/** Files with a top-level "use server" directive and their exported functions. */
export function listActionFiles(): { file: string; exports: string[] }[] {
  const roots = ["app", "lib", "components"].filter((d) => existsSync(d));
  const out: { file: string; exports: string[] }[] = [];
  for (const file of roots
    .flatMap((d) => walk(d))
    .filter((f) => /\.(ts|tsx)$/.test(f) && !/\.test\.tsx?$/.test(f) && !f.startsWith("lib/db/generated/"))) {
    const source = readFileSync(file, "utf8");
    if (!isUseServerFile(source)) continue;
    const exports = [...source.matchAll(/export\s+(?:async\s+function|const|let)\s+(\w+)/g)].map((m) => m[1]);
    out.push({ file, exports });
  }
  return out.sort((a, b) => a.file.localeCompare(b.file));
}

/** Files that declare "use server" inside a function: invisible to this inventory, so listed to fail loudly. */
export function inlineServerActions(): string[] {
  const roots = ["app", "lib", "components"].filter((d) => existsSync(d));
  return roots
    .flatMap((d) => walk(d))
    .filter((f) => /\.(ts|tsx)$/.test(f) && !f.startsWith("lib/db/generated/"))
    .filter((f) => {
      const source = readFileSync(f, "utf8");
      return /["']use server["']/.test(source) && !isUseServerFile(source);
    });
}

type ManifestEntry = { workers: Record<string, unknown>; filename?: string; exportedName?: string };

/** The actions with their IDs from the build's server-reference-manifest.json. */
export function listActions(distDir = process.env.NEXT_DIST_DIR || ".next"): ActionSurface[] {
  const manifestPath = path.join(distDir, "server", "server-reference-manifest.json");
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as { node: Record<string, ManifestEntry> };
  const byKey = new Map<string, { id: string; pages: string[] }>();
  for (const [id, entry] of Object.entries(manifest.node)) {
    if (entry.filename && entry.exportedName)
      byKey.set(`${entry.filename}#${entry.exportedName}`, { id, pages: Object.keys(entry.workers) });
  }
  return listActionFiles().flatMap(({ file, exports }) =>
    exports.map((name) => {
      const key = `${file}#${name}`;
      const access: Access = PUBLIC_ACTIONS.has(key) ? "public" : MEMBER_ACTIONS.has(key) ? "member" : "admin";
      return { kind: "action" as const, file, name, access, ...byKey.get(key), pages: byKey.get(key)?.pages ?? [] };
    }),
  );
}

/** `app/(app)/settings/webhooks/(list)/page` (a manifest worker) → the URL that serves it. */
export function workerUrl(worker: string): string {
  return routeOf(`${worker}.tsx`).route;
}

export function publicRouteReason(route: string): string | undefined {
  return PUBLIC_ROUTES[route];
}
