/**
 * Which credential a request presents: an API token only under the `Bearer` scheme. Any other
 * scheme (a staging proxy's `Basic` login) is not ours to read, and the session cookie decides.
 */
export function requestCredential(headers: Headers): "session" | "api_token" {
  return /^\s*bearer(\s|$)/i.test(headers.get("authorization") ?? "") ? "api_token" : "session";
}
