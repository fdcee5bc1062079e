import { serveRestRequest } from "~/server/api/rest/serve-rest-request";

// REST over the tRPC routers (trpc-to-openapi); every method goes to the one handler so that an
// unknown path or method gets the contract's JSON 404 rather than Next's default answer.
export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = serveRestRequest;
export const POST = serveRestRequest;
export const PUT = serveRestRequest;
export const PATCH = serveRestRequest;
export const DELETE = serveRestRequest;
