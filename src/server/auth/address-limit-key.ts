import { isIPv4, isIPv6 } from "node:net";

/**
 * The key a client address counts under in the per-address sign-in limit. An IPv6 host is
 * usually handed a whole /64 and can pick a fresh address from it for every attempt, so IPv6
 * counts per /64; IPv4 (also written IPv4-mapped, `::ffff:203.0.113.7`) per address.
 */
export function addressLimitKey(address: string): string {
  const bare = address.trim().replace(/^\[|\]$/g, "").replace(/%.*$/, "").toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(bare);
  if (mapped?.[1] && isIPv4(mapped[1])) return mapped[1];
  if (!isIPv6(bare)) return bare;
  const [head = "", tail = ""] = bare.split("::");
  const headGroups = head ? head.split(":") : [];
  const tailGroups = bare.includes("::") ? (tail ? tail.split(":") : []) : [];
  // An embedded IPv4 tail (`64:ff9b::1.2.3.4`) only ever sits in the low 64 bits: drop it.
  const missing = 8 - headGroups.length - tailGroups.length;
  const groups = bare.includes("::") ? [...headGroups, ...Array<string>(Math.max(missing, 0)).fill("0"), ...tailGroups] : headGroups;
  const prefix = groups.slice(0, 4).map((group) => Number.parseInt(group || "0", 16).toString(16));
  return `${prefix.join(":")}::/64`;
}
