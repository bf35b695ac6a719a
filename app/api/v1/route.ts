import { json, route } from "./_lib/handler";

export const dynamic = "force-dynamic";

/** Where to start: the API description. */
export const GET = route({ permission: null }, () => json({ name: "Pauta API", version: "v1", openapi: "/api/v1/openapi.json", health: "/api/v1/health" }));
