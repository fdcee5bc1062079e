import type { TestProject } from "vitest/node";
import { afterEach, describe, expect, it, vi } from "vitest";

vi.mock("./database-target", async (importOriginal) => ({
  ...(await importOriginal<object>()),
  postgresAnswers: () => Promise.resolve(false),
}));

afterEach(() => vi.restoreAllMocks());

describe("the test run's database", () => {
  it("falls back to PGlite without PostgreSQL, announced in a banner on stderr", async () => {
    const before = process.env.TEST_DATABASE_URL;
    delete process.env.TEST_DATABASE_URL;
    const printed: string[] = [];
    vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => void printed.push(args.join(" ")));
    const warned = vi.spyOn(console, "warn").mockImplementation(() => {});
    const provided: Record<string, unknown> = {};
    try {
      const { default: setup } = await import("./global-setup");
      await setup({ provide: (key: string, value: unknown) => (provided[key] = value) } as unknown as TestProject);
    } finally {
      if (before !== undefined) process.env.TEST_DATABASE_URL = before;
    }
    expect(provided.testDatabase).toEqual({ kind: "pglite" });
    const banner = printed.join("\n");
    expect(banner).toMatch(/#{80}\n##\n## {2}NO POSTGRESQL answers at postgres:\/\/postgres@127\.0\.0\.1:5432\/postgres\./);
    expect(banner).toContain("Every integration test of this run uses embedded PGlite instead");
    expect(warned).not.toHaveBeenCalled();
  });
});
