import { evidenceFileName, exportEvidence } from "@/app/_server/services/evidence";
import { json, route } from "../../../_lib/handler";

export const dynamic = "force-dynamic";

/** The case's evidence bundle (JSON), checked offline by scripts/verify-evidence.mjs. */
export const GET = route<{ id: string }>({ permission: "audit.export" }, ({ ctx, params, actor }) => {
  const bundle = exportEvidence(ctx, params.id, { actor });
  return json(bundle, 200, { "content-disposition": `attachment; filename="${evidenceFileName(bundle)}"` });
});
