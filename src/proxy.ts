import { type NextRequest, NextResponse } from "next/server";

/**
 * Hands the requested path to the surface layouts, which cannot read it themselves: a deep link
 * opened while signed out then survives the trip through /login. Only ever used as a return
 * address inside the user's own surface (src/navigation/landing.ts), so a forged header is harmless.
 */
export function proxy(request: NextRequest) {
  const headers = new Headers(request.headers);
  headers.set("x-orderline-path", request.nextUrl.pathname + request.nextUrl.search);
  return NextResponse.next({ request: { headers } });
}

export const config = { matcher: ["/orders/:path*", "/admin/:path*", "/partner/:path*"] };
