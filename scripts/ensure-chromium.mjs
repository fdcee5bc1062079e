#!/usr/bin/env node
/**
 * Finds a Chromium for the end-to-end tests, and installs Debian's `chromium` where it can
 * (root with apt-get). Playwright's own browser download is never used: it needs internet
 * access and a glibc we may not have.
 *
 *   node scripts/ensure-chromium.mjs                  exit 0 prints the path; exit 1 says how to get one
 *   node scripts/ensure-chromium.mjs --run <cmd...>   then runs <cmd> with CHROMIUM_PATH set to it,
 *                                                     so Playwright launches the very browser found here
 */
import { execFileSync, spawnSync } from "node:child_process";
import { accessSync, constants } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** Names the browser goes by in distributions' packages, looked up on PATH after the usual places. */
const COMMAND_NAMES = ["chromium", "chromium-browser", "google-chrome-stable", "google-chrome"];

/** @param {Record<string, string | undefined>} env */
function candidatesOf(env) {
  const fixed = env.CHROMIUM_CANDIDATES
    ? env.CHROMIUM_CANDIDATES.split(path.delimiter)
    : ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable", "/opt/google/chrome/chrome"];
  const onPath = (env.PATH ?? "").split(path.delimiter).filter(Boolean).flatMap((dir) => COMMAND_NAMES.map((name) => path.join(dir, name)));
  return [...fixed, ...onPath];
}

/** @param {string} file */
function isExecutable(file) {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The browser to launch: CHROMIUM_PATH when set (and executable), else the first one found.
 * @param {Record<string, string | undefined>} [env]
 * @returns {string | undefined}
 */
export function findChromium(env = process.env) {
  if (env.CHROMIUM_PATH) return isExecutable(env.CHROMIUM_PATH) ? env.CHROMIUM_PATH : undefined;
  return candidatesOf(env).find(isExecutable);
}

/** @param {string} name */
function hasCommand(name) {
  return spawnSync("sh", ["-c", `command -v ${name}`], { stdio: "ignore" }).status === 0;
}

function main() {
  const runAt = process.argv.indexOf("--run");
  const command = runAt >= 0 ? process.argv.slice(runAt + 1) : [];

  if (process.env.CHROMIUM_PATH && !isExecutable(process.env.CHROMIUM_PATH)) {
    console.error(`CHROMIUM_PATH is set to ${process.env.CHROMIUM_PATH}, which is not an executable file.`);
    process.exit(1);
  }

  let found = findChromium();
  if (!found && process.getuid?.() === 0 && hasCommand("apt-get")) {
    console.log("No Chromium found: installing Debian's chromium package.");
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    for (const args of [["update"], ["install", "-y", "chromium"]]) {
      console.log(`$ apt-get ${args.join(" ")}`);
      execFileSync("apt-get", args, { stdio: "inherit", env });
    }
    found = findChromium();
  }

  if (!found) {
    console.error(
      [
        "The end-to-end tests need Chromium and none was found.",
        `Looked at: ${[...new Set(candidatesOf(process.env))].join(", ")}.`,
        "Install one, for example:",
        "  Debian/Ubuntu:  sudo apt-get install -y chromium   (or chromium-browser)",
        "  Fedora:         sudo dnf install -y chromium",
        "  macOS:          brew install --cask chromium",
        "or point CHROMIUM_PATH at an existing Chrome or Chromium binary.",
      ].join("\n"),
    );
    process.exit(1);
  }

  console.log(`Chromium: ${found}`);
  if (command.length > 0) {
    const [file = "", ...args] = command;
    const run = spawnSync(file, args, { stdio: "inherit", env: { ...process.env, CHROMIUM_PATH: found } });
    // A command that cannot start (not on PATH outside `npm run`) must say so, not exit 1 silently.
    if (run.error) console.error(`Could not run ${file}: ${run.error.message}`);
    process.exit(run.status ?? 1);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
