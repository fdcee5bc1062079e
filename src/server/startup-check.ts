import { env } from "~/env";

type StartupEnv = Pick<
  typeof env,
  "NODE_ENV" | "AUTH_SECRET" | "APP_URL" | "S3_ENDPOINT" | "S3_BUCKET" | "S3_ACCESS_KEY_ID" | "S3_SECRET_ACCESS_KEY"
>;

const S3_VARIABLES = ["S3_ENDPOINT", "S3_BUCKET", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY"] as const;

/**
 * Why this configuration must not start, one line per problem, each naming its variable; empty
 * when it may. A half-configured S3 would otherwise store uploads on the local disk of one
 * container without a word, or fail on the first upload.
 */
export function startupProblems(config: StartupEnv): string[] {
  const problems: string[] = [];
  if (config.NODE_ENV === "production" && !config.AUTH_SECRET) {
    problems.push(
      "AUTH_SECRET is not set. Set it to a long random string (e.g. `openssl rand -base64 32`) in the environment of `npm start`.",
    );
  }
  if (config.NODE_ENV === "production" && !config.APP_URL) {
    problems.push(
      "APP_URL is not set. Set it to the origin browsers use (e.g. https://orderline.example.com): sign-in and links in emails depend on it.",
    );
  }
  const setS3 = S3_VARIABLES.filter((name) => !!config[name]);
  if (setS3.length > 0 && setS3.length < S3_VARIABLES.length) {
    const missing = S3_VARIABLES.filter((name) => !config[name]);
    problems.push(
      `S3 is half configured: ${setS3.join(", ")} ${setS3.length === 1 ? "is" : "are"} set but ${missing.join(", ")} ${missing.length === 1 ? "is" : "are"} not. ` +
        "Set all four to store attachments on S3, or none to store them on disk (UPLOAD_DIR).",
    );
  }
  return problems;
}

/** Refuses to start on a configuration that cannot work; without a secret NextAuth would 500 on every page. */
export function assertStartupEnvironment(): void {
  const problems = startupProblems(env);
  if (problems.length > 0) {
    console.error(`\nOrderline refuses to start:\n${problems.map((problem) => `  - ${problem}`).join("\n")}\n`);
    process.exit(1);
  }
  // NextAuth needs the origin browsers use; unset it assumes port 3000 and sign-in on any other
  // port silently loops back to the form.
  process.env.NEXTAUTH_URL ??= env.APP_URL ?? `http://localhost:${env.PORT}`;
  if (!env.AUTH_SECRET) {
    console.warn("AUTH_SECRET is not set: using the fixed development secret. Never do this in production.");
  }
}
