import postgres from "postgres";
import type { TestProject } from "vitest/node";
import { connectPostgres } from "../server/db/client";
import { seedDemoData } from "../server/db/seed";
import { databaseUrl, LOCAL_POSTGRES_URL, pgliteFallbackBanner, postgresAnswers, type TestDatabaseTarget } from "./database-target";

declare module "vitest" {
  export interface ProvidedContext {
    testDatabase: TestDatabaseTarget;
  }
}

/**
 * Migrates and seeds one template database per run; every test file then clones it
 * (CREATE DATABASE … TEMPLATE), so files run in parallel on their own data in ~100 ms each.
 */
export default async function setup(project: TestProject) {
  const adminUrl = process.env.TEST_DATABASE_URL ?? LOCAL_POSTGRES_URL;
  if (!(await postgresAnswers(adminUrl))) {
    if (process.env.TEST_DATABASE_URL) throw new Error(`TEST_DATABASE_URL does not answer: ${adminUrl}`);
    console.error(pgliteFallbackBanner(adminUrl));
    project.provide("testDatabase", { kind: "pglite" });
    return;
  }
  const template = `orderline_tpl_${process.pid}_${Date.now().toString(36)}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE "${template}"`);
  const handle = connectPostgres(databaseUrl(adminUrl, template), { max: 1 });
  await handle.migrate();
  await seedDemoData(handle.db);
  await handle.close();
  project.provide("testDatabase", { kind: "postgres", adminUrl, template });

  return async () => {
    await admin.unsafe(`DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`);
    await admin.end();
  };
}
