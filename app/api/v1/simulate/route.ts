import { simulate } from "@/app/_server/services/simulate";
import { json, readJson, route } from "../_lib/handler";

export const dynamic = "force-dynamic";

/** Evaluate without writing anything (modes: published, playbook, rules). */
export const POST = route({ permission: "simulate.run" }, async ({ req, ctx }) => json(await simulate(ctx, await readJson(req))));
