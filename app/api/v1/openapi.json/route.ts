import { openApiDocument } from "@/app/_server/openapi";
import { json, route } from "../_lib/handler";

export const dynamic = "force-dynamic";

export const GET = route({ permission: null }, () => json(openApiDocument()));
