/**
 * Stops or lets again a user, by email, from the command line:
 *   npm run user:disable -- --email <user>
 *   npm run user:enable -- --email <user>
 * A disabled user cannot sign in, and their sessions and API tokens stop acting at once in every
 * app process (the database announces the change; see src/server/auth/actor-change-feed.ts).
 */
import { parseArgs } from "node:util";
import { setUserDisabled } from "../src/server/auth/set-user-disabled";
import { connectFromEnv } from "../src/server/db/client";
import { runScript } from "./run-script";

const USAGE = `Usage:
  npm run user:disable -- --email <user>
  npm run user:enable -- --email <user>`;

function parseCommand(argv: string[]): { disable: boolean; email: string } | string {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { email: { type: "string" } } });
  } catch (error) {
    return (error as Error).message;
  }
  const [command] = parsed.positionals;
  if (command !== "disable" && command !== "enable") return "Unknown command";
  if (!parsed.values.email?.trim()) return `Missing --email for ${command}`;
  return { disable: command === "disable", email: parsed.values.email };
}

async function main(argv: string[]): Promise<number> {
  const command = parseCommand(argv);
  if (typeof command === "string") {
    console.error(`${command}\n\n${USAGE}`);
    return 2;
  }
  // Refuses (PgliteLockedError) while `npm run dev` holds the embedded database.
  const handle = await connectFromEnv();
  try {
    if (handle.driver === "pglite") await handle.migrate();
    const user = await setUserDisabled(handle.db, command.email, command.disable);
    console.log(
      user.disabledAt
        ? `Disabled ${user.email} (since ${user.disabledAt.toISOString()}): no sign-in; sessions and API tokens stop at once.`
        : `Enabled ${user.email}: they can sign in again, and their API tokens work again.`,
    );
    return 0;
  } finally {
    await handle.close();
  }
}

await runScript(main);
