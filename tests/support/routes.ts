// The /api/v1 routes as the code defines them (route files and the methods they export), so tests
// can require something of every route: a row in the authorization matrix, an OpenAPI entry.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { REPO_ROOT } from "./server";

export interface RouteInCode {
  /** "/api/v1/playbooks/[id]/publish": the file's folder under app/ */
  dir: string;
  methods: ("GET" | "POST" | "PUT" | "PATCH" | "DELETE")[];
}

/** Every route file under app/api/v1 with the HTTP methods it exports. */
export function routesInCode(): RouteInCode[] {
  const root = path.join(REPO_ROOT, "app/api/v1");
  const found: RouteInCode[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name === "route.ts" || e.name === "route.tsx") {
        const src = readFileSync(p, "utf8");
        const methods = new Set<RouteInCode["methods"][number]>();
        for (const m of src.matchAll(/export\s+(?:const|async\s+function|function)\s+(GET|POST|PUT|PATCH|DELETE)\b/g)) methods.add(m[1] as RouteInCode["methods"][number]);
        for (const m of src.matchAll(/export\s*\{([^}]*)\}/g)) for (const n of m[1]!.matchAll(/\bas\s+(GET|POST|PUT|PATCH|DELETE)\b/g)) methods.add(n[1] as RouteInCode["methods"][number]);
        const rel = path.relative(root, dir).split(path.sep).join("/");
        found.push({ dir: `/api/v1${rel ? `/${rel}` : ""}`, methods: [...methods].sort() });
      }
    }
  };
  walk(root);
  return found.sort((a, b) => a.dir.localeCompare(b.dir));
}
