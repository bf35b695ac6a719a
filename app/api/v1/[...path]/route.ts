import { HttpError, route } from "../_lib/handler";

export const dynamic = "force-dynamic";

// Machines get a JSON ApiError for an unknown /api/v1 path instead of the HTML 404 page.
const unknownPath = route<{ path: string[] }>({ permission: null }, ({ req }) => {
  const { pathname } = new URL(req.url);
  throw new HttpError(404, "not_found", `no endpoint ${req.method} ${pathname}; see /api/v1/openapi.json`, [{ path: "path", message: `unknown path ${pathname}` }]);
});

export { unknownPath as GET, unknownPath as POST, unknownPath as PUT, unknownPath as PATCH, unknownPath as DELETE };
