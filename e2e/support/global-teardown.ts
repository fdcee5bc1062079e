import { rmSync } from "node:fs";
import postgres from "postgres";
import { e2eDatabase } from "./e2e-database";

/**
 * Drops the run's database (or its PGlite directory). Playwright stops the webServer only after
 * this, so the drop forces the server's connections closed.
 */
export default async function globalTeardown() {
  const target = e2eDatabase();
  if (target.kind === "postgres") {
    const admin = postgres(target.adminUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`DROP DATABASE IF EXISTS "${target.name}" WITH (FORCE)`);
    await admin.end();
  } else if (target.workDir) {
    rmSync(target.workDir, { recursive: true, force: true });
  }
}
