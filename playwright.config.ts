import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "@playwright/test";
import { e2eDatabase } from "./e2e/support/e2e-database";
import { findChromium } from "./scripts/ensure-chromium.mjs";

// Overridable so two runs can share a machine (each builds into its own dist dir).
const PORT = Number(process.env.E2E_PORT ?? 3100);
const distDir = process.env.E2E_DIST_DIR ?? ".next-e2e";
const baseURL = `http://localhost:${PORT}`;
const root = path.dirname(fileURLToPath(import.meta.url));
const bin = (name: string) => path.join(root, "node_modules", ".bin", name);
const database = e2eDatabase();
// `npm run test:e2e` passes the browser scripts/ensure-chromium.mjs found as CHROMIUM_PATH; a bare
// `npx playwright test` looks it up the same way. Never a path guessed here: a machine with only
// Chrome or `chromium-browser` must launch that.
const chromium = findChromium();
if (!chromium) throw new Error("No Chromium found: run `node scripts/ensure-chromium.mjs`, or set CHROMIUM_PATH.");

// A production build in its own dist dir, so it never disturbs a dev server's .next.
const build = `${bin("tsx")} e2e/support/prepare-database.ts && ${bin("next")} build`;
const start = `${bin("next")} start -p ${PORT}`;

export default defineConfig({
  testDir: "e2e",
  outputDir: process.env.E2E_OUTPUT_DIR ?? "e2e/artifacts",
  globalTeardown: "./e2e/support/global-teardown.ts",
  fullyParallel: false,
  workers: 2,
  // One retry on CI, reported as "flaky" in the list, so a slow moment on a 2-core runner does not fail
  // the run while a real failure (it fails twice) still does.
  retries: process.env.CI ? 1 : 0,
  forbidOnly: !!process.env.CI,
  reporter: "list",
  timeout: 30_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL,
    browserName: "chromium",
    screenshot: "only-on-failure",
    trace: "off",
    launchOptions: {
      // Debian's Chromium (scripts/ensure-chromium.mjs finds or installs it); Playwright's own
      // browser download needs internet access we do not have.
      executablePath: chromium,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  webServer: {
    command: `${build} && ${start}`,
    url: `${baseURL}/login`,
    reuseExistingServer: false,
    // The production build alone took over 240 s on a 2-core machine busy with other work.
    timeout: 480_000,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      NODE_ENV: "production",
      PORT: String(PORT),
      NEXT_DIST_DIR: distDir,
      // `npm test` has already run `tsc --noEmit`.
      ORDERLINE_BUILD_SKIP_TYPECHECK: "1",
      NEXT_TELEMETRY_DISABLED: "1",
      AUTH_SECRET: "orderline-e2e-secret-not-for-production",
      NEXTAUTH_URL: baseURL,
      // A production start refuses to run without it (src/server/startup-check.ts).
      APP_URL: baseURL,
      DATABASE_URL: database.kind === "postgres" ? database.url : "",
      PGLITE_DIR: database.kind === "pglite" ? database.dataDir : "",
      // Channel secrets for e2e/channels (the specs sign their calls with the same values).
      WHATSAPP_APP_SECRET: "e2e-whatsapp-app-secret",
      WHATSAPP_VERIFY_TOKEN: "e2e-whatsapp-verify-token",
    },
  },
});
