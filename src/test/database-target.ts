import postgres from "postgres";

/** Where tests get their databases: TEST_DATABASE_URL, else a local server if one answers, else PGlite. */
export type TestDatabaseTarget = { kind: "postgres"; adminUrl: string; template: string } | { kind: "pglite" };

export const LOCAL_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/postgres";

export async function postgresAnswers(url: string): Promise<boolean> {
  const probe = postgres(url, { max: 1, connect_timeout: 3, onnotice: () => {} });
  try {
    await probe`select 1`;
    return true;
  } catch {
    return false;
  } finally {
    await probe.end({ timeout: 1 });
  }
}

export function databaseUrl(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}
