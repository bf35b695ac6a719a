import { verifyChain } from "@/app/_server/services/chain";
import { json, route } from "../../_lib/handler";

export const dynamic = "force-dynamic";

export const GET = route({ scope: "read" }, ({ ctx }) => json(verifyChain(ctx)));
