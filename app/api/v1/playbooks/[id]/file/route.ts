import { versionFile } from "@/app/_server/services/versions";
import { route, versionParam } from "../../../_lib/handler";

export const dynamic = "force-dynamic";

/** A version as a playbook file (the JSON of playbooks/, importable with POST /api/v1/playbooks): the published one, or ?version=N. */
export const GET = route<{ id: string }>({ permission: "playbooks.read" }, ({ ctx, params, query }) => {
  const v = query.get("version");
  const file = versionFile(ctx, { playbookId: params.id, ...(v !== null ? { version: versionParam(v) } : {}) });
  return new Response(JSON.stringify(file.document, null, 2) + "\n", {
    headers: {
      "content-type": "application/json; charset=utf-8",
      "content-disposition": `attachment; filename="${file.fileName}"`,
      "x-pauta-version": String(file.version),
      "cache-control": "no-store",
    },
  });
});
