import { env } from "~/env";
import { buildOpenApiDocument } from "~/server/api/rest/openapi-document";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

let cached: ReturnType<typeof buildOpenApiDocument> | undefined;

/** Public: the OpenAPI 3.1 document of the REST surface. */
export function GET(): Response {
  const appUrl = (env.APP_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, "");
  cached ??= buildOpenApiDocument({ baseUrl: `${appUrl}/api` });
  return Response.json(cached, { headers: { "Cache-Control": "public, max-age=300" } });
}
