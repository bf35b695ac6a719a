import { validatePlaybook } from "@/app/_server/services/playbooks";
import { json, readJson, route } from "../../_lib/handler";

export const dynamic = "force-dynamic";

/** 200 with { ok: true } or { ok: false, issues } naming each offending field. */
export const POST = route({ permission: "playbooks.validate" }, async ({ req }) => {
  const r = validatePlaybook(await readJson(req));
  return json(r.ok ? { ok: true, issues: [] } : r);
});
