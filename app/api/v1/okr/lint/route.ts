import { lintOkrDocument } from "@/app/_server/services/okr";
import { json, readJson, route } from "../../_lib/handler";

export const dynamic = "force-dynamic";

/** The lint of an OKR set document (advice from the seeds); 422 names each field that does not parse. */
export const POST = route({ permission: "playbooks.validate" }, async ({ req }) => json(lintOkrDocument(await readJson(req))));
