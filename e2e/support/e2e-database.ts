import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { databaseUrl, LOCAL_POSTGRES_URL } from "../../src/test/database-target";

/**
 * The database the e2e server runs on, decided once when playwright.config is evaluated (the
 * webServer's env must be known then). Kept in process.env so Playwright's worker processes,
 * which evaluate the config again, agree with the runner.
 */
export type E2eDatabase =
  | { kind: "postgres"; adminUrl: string; name: string; url: string }
  | { kind: "pglite"; workDir: string; dataDir: string };

/** The config module must not be async, so the probe is a short child process. */
function postgresAnswersSync(url: string): boolean {
  const probe = `const sql = require("postgres")(process.argv[1], { max: 1, connect_timeout: 3, onnotice() {} });
sql\`select 1\`.then(() => process.exit(0), () => process.exit(1));`;
  return spawnSync(process.execPath, ["-e", probe, url], { stdio: "ignore", timeout: 10_000 }).status === 0;
}

/** ORDERLINE_E2E_DB_KIND=pglite forces the embedded fallback even where a Postgres answers. */
export function e2eDatabase(): E2eDatabase {
  const env = process.env;
  if (!env.ORDERLINE_E2E_DB_KIND) {
    const adminUrl = env.TEST_DATABASE_URL ?? LOCAL_POSTGRES_URL;
    if (postgresAnswersSync(adminUrl)) {
      env.ORDERLINE_E2E_DB_KIND = "postgres";
      env.ORDERLINE_E2E_ADMIN_URL = adminUrl;
    } else if (env.TEST_DATABASE_URL) {
      throw new Error(`TEST_DATABASE_URL does not answer: ${env.TEST_DATABASE_URL}`);
    } else {
      console.warn("No PostgreSQL on 127.0.0.1:5432: the e2e server runs on embedded PGlite.");
      env.ORDERLINE_E2E_DB_KIND = "pglite";
    }
  }
  if (env.ORDERLINE_E2E_DB_KIND === "pglite") {
    env.ORDERLINE_E2E_WORKDIR ||= pgliteWorkDir();
    const workDir = env.ORDERLINE_E2E_WORKDIR;
    return { kind: "pglite", workDir, dataDir: path.join(workDir, "pglite") };
  }
  const adminUrl = env.ORDERLINE_E2E_ADMIN_URL ?? env.TEST_DATABASE_URL ?? LOCAL_POSTGRES_URL;
  env.ORDERLINE_E2E_DB_NAME ||= `orderline_e2e_${process.pid}_${Date.now().toString(36)}`;
  const name = env.ORDERLINE_E2E_DB_NAME;
  return { kind: "postgres", adminUrl, name, url: databaseUrl(adminUrl, name) };
}

/** A fresh embedded database of the run's own (PGLITE_DIR), never the dev server's ./.data/pglite. */
function pgliteWorkDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), "orderline-e2e-"));
}
