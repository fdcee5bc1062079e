/**
 * What the bench generates and where: one place, so the generator, the runner and the bench-only
 * routes agree on names, scale and the callers' credentials.
 */
import { createHash } from "node:crypto";

export const BENCH_DATABASE_URL = process.env.BENCH_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/orderline_bench";

/** The issue's scale: 1,000 stores, 100,000 orders and threads, 1,000,000 messages. */
export const SCALE = {
  stores: 1_000,
  suppliers: 100,
  customers: 20_000,
  orders: 100_000,
  messages: 1_000_000,
  /** Customers (the first ones) holding an API token; every sender stays far inside 30 sends per 10 s. */
  tokenCustomers: 2_000,
} as const;

/** Every generated user's password (one argon2 hash, computed once). */
export const BENCH_PASSWORD = "orderline-bench";

export const ADMIN_EMAIL = "bench-admin@bench.test";
/** An admin with a receipt for every generated message: `unread=true` search has nothing to find. */
export const READER_EMAIL = "bench-reader@bench.test";
export const customerEmail = (c: number) => `bench-c${c}@bench.test`;
export const orderNumber = (o: number) => `BN-${String(o + 1).padStart(6, "0")}`;
export const storeId = (s: number) => `bench-s${String(s).padStart(4, "0")}`;
export const supplierId = (s: number) => `bench-sup${String(s).padStart(3, "0")}`;
/** Customer c owns orders c, c + customers, c + 2·customers, … */
export const ordersOfCustomer = (c: number) => {
  const out: number[] = [];
  for (let o = c; o < SCALE.orders; o += SCALE.customers) out.push(o);
  return out;
};
export const storeOfOrder = (o: number) => o % SCALE.stores;

/**
 * API tokens are derived, not stored: the database keeps only SHA-256 (as the app does), and the
 * runner can rebuild each caller's token without a file of secrets. This database is the bench's own.
 */
export const benchToken = (who: string) => `olt_bench_${createHash("sha256").update(`orderline-bench:${who}`).digest("base64url").slice(0, 32)}`;
export const tokenHash = (token: string) => createHash("sha256").update(token).digest("hex");

/** The thread the floors write into (ceiling and bare-route INSERTs), kept apart from the data. */
export const FLOOR_ORDER_NUMBER = "BN-FLOOR";
export const FLOOR_STORE_ID = "bench-floor";
