import { checkTone } from "@/app/_server/services/tone";
import { json, readJson, route } from "../../_lib/handler";

export const dynamic = "force-dynamic";

/** Check a draft reply against the tone guidelines (nothing is stored). */
export const POST = route({ permission: "tone.check" }, async ({ req, ctx }) => json(checkTone(ctx, await readJson(req))));
