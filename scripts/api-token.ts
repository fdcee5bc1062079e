/**
 * Creates or revokes an integrator's API token from the command line:
 *   npm run token:create -- --email <user> --name <label>   (prints the token once, on stdout)
 *   npm run token:revoke -- --id <tokenId> --email <user>
 * A token acts with exactly its owner's access; the secret is never stored, only its hash.
 */
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import { actorFromUser } from "../src/server/access/actor-from-user";
import { createApiToken, revokeApiToken } from "../src/server/api-tokens/api-tokens";
import type { RequestMeta } from "../src/server/audit/write-audit";
import { connectFromEnv, type Database } from "../src/server/db/client";
import { users } from "../src/server/db/schema";
import { DomainError } from "../src/server/errors";
import { runScript } from "./run-script";

const USAGE = `Usage:
  npm run token:create -- --email <user> --name <label>
  npm run token:revoke -- --id <tokenId> --email <user>`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Recorded on the audit row, so a token made from the shell can be told from one made in the app. */
const scriptRequest: RequestMeta = { ip: null, userAgent: "scripts/api-token" };

class UsageError extends Error {}

function parseCommand(argv: string[]) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { email: { type: "string" }, name: { type: "string" }, id: { type: "string" } },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const [command] = parsed.positionals;
  const { email, name, id } = parsed.values;
  if (command === "create" && email && name?.trim()) return { command, email, name } as const;
  if (command === "revoke" && email && id) {
    if (!UUID.test(id)) throw new UsageError(`--id must be a token id (a UUID), got ${JSON.stringify(id)}`);
    return { command, email, id } as const;
  }
  throw new UsageError(command === "create" || command === "revoke" ? `Missing options for ${command}` : "Unknown command");
}

async function ownerByEmail(db: Database, email: string) {
  const [user] = await db.select().from(users).where(sql`lower(${users.email}) = lower(${email})`);
  if (!user) throw new DomainError("NOT_FOUND", `No user with email ${email}`);
  return actorFromUser(user);
}

async function main(argv: string[]): Promise<number> {
  let command;
  try {
    command = parseCommand(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${error.message}\n\n${USAGE}`);
    return 2;
  }

  // Refuses (PgliteLockedError) while `npm run dev` holds the embedded database.
  const handle = await connectFromEnv();
  try {
    if (handle.driver === "pglite") await handle.migrate();
    const owner = await ownerByEmail(handle.db, command.email);
    if (command.command === "create") {
      const { token, apiToken } = await createApiToken(handle.db, owner, { name: command.name }, scriptRequest);
      console.error(`Created API token "${apiToken.name}" (id ${apiToken.id}) for ${owner.email}.`);
      console.error("It is shown only now: store it somewhere safe. Use it as `Authorization: Bearer <token>`.");
      console.log(token);
    } else {
      const revoked = await revokeApiToken(handle.db, owner, command.id, scriptRequest);
      console.log(`Revoked API token "${revoked.name}" (id ${revoked.id}) of ${owner.email}.`);
    }
    return 0;
  } finally {
    await handle.close();
  }
}

await runScript(main);
