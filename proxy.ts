// Pages only: a browser without a session cookie goes to /login?next=… before any page renders.
// This only reads cookies; whether the session is valid is checked against the database by the
// root layout (Node code), and every API call checks it again on its own.
import { NextResponse, type NextRequest } from "next/server";

const PUBLIC = [/^\/login$/, /^\/invite\/[^/]+$/];

export function proxy(req: NextRequest) {
  const { pathname, search } = req.nextUrl;
  const isPublic = PUBLIC.some((r) => r.test(pathname));
  if (!isPublic && !req.cookies.get("pauta_session")?.value) {
    const to = req.nextUrl.clone();
    to.pathname = "/login";
    to.search = "";
    to.searchParams.set("next", pathname + search);
    return NextResponse.redirect(to);
  }
  // The layout needs the path to send an expired session back here after signing in.
  const headers = new Headers(req.headers);
  headers.set("x-pauta-path", pathname + search);
  return NextResponse.next({ request: { headers } });
}

export const config = {
  // Everything except the APIs (they answer 401 themselves), Next's assets and files with an extension.
  matcher: ["/((?!api/|_next/|.*\\.[a-zA-Z0-9]+$).*)"],
};
