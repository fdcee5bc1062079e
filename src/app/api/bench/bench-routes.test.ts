import { readdirSync } from "node:fs";
import path from "node:path";
import { createValidFileMatcher } from "next/dist/server/lib/find-page-file";
import { afterEach, describe, expect, it, vi } from "vitest";

const appDir = path.resolve(import.meta.dirname, "../..");

async function pageExtensions(benchFlag: string | undefined): Promise<string[]> {
  vi.stubEnv("ORDERLINE_BENCH_ROUTES", benchFlag);
  vi.resetModules();
  const { default: config } = (await import("../../../../next.config.mjs")) as { default: { pageExtensions: string[] } };
  return config.pageExtensions;
}

const benchRouteFiles = () =>
  readdirSync(appDir, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith("route.bench.ts"))
    .map((f) => path.join(appDir, f));

describe("bench-only routes", () => {
  afterEach(() => vi.unstubAllEnvs());

  it("exist in the bench's build and in no other", async () => {
    const files = benchRouteFiles();
    expect(files.map((f) => path.relative(appDir, f)).sort()).toEqual([
      "api/bench/insert/route.bench.ts",
      "api/bench/noop/route.bench.ts",
      "api/bench/select/route.bench.ts",
    ]);
    // Next's own matcher decides what is a route: with the normal extensions none of these is.
    const normal = createValidFileMatcher(await pageExtensions(undefined), appDir);
    for (const f of files) expect(normal.isAppRouterRoute(f), f).toBe(false);
    expect(normal.isAppRouterRoute(path.join(appDir, "api/trpc/[trpc]/route.ts"))).toBe(true);

    const bench = createValidFileMatcher(await pageExtensions("1"), appDir);
    for (const f of files) expect(bench.isAppRouterRoute(f), f).toBe(true);
  });
});
