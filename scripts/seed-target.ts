/**
 * Whether a DATABASE_URL points at this machine. Seeding writes demo users whose password is
 * public, so `db:seed` refuses any other server unless told `--force`: a production or shared
 * staging URL left in a shell must not get them by accident.
 */
export function isLocalDatabaseUrl(url: string): boolean {
  // By hand: `new URL` refuses postgres-js's socket form `postgres://user@/db?host=/run/postgresql`.
  const match = /^postgres(?:ql)?:\/\/(?:[^@/?]*@)?(\[[^\]]*\]|[^:/?]*)(?::\d+)?(?:\/[^?]*)?(?:\?(.*))?$/i.exec(url.trim());
  if (!match) return false;
  const host = (match[1] ?? "").replace(/^\[|\]$/g, "").toLowerCase();
  const socket = new URLSearchParams(match[2] ?? "").get("host");
  // A Unix socket is local by definition.
  if (!host) return !socket || socket.startsWith("/");
  return ["localhost", "127.0.0.1", "::1"].includes(host) || /^127\.\d+\.\d+\.\d+$/.test(host);
}
