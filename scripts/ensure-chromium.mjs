#!/usr/bin/env node
/**
 * Finds a Chromium for the end-to-end tests, and installs Debian's `chromium` where it can
 * (root with apt-get). Playwright's own browser download is never used: it needs internet
 * access and a glibc we may not have. Exit 0 prints the path; exit 1 says how to get one.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { accessSync, constants } from "node:fs";

const candidates = [
  process.env.CHROMIUM_PATH,
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/usr/bin/google-chrome",
  "/usr/bin/google-chrome-stable",
  "/opt/google/chrome/chrome",
].filter(/** @returns {file is string} */ (file) => !!file);

/** @param {string} file */
function isExecutable(file) {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function findChromium() {
  return candidates.find(isExecutable);
}

/** @param {string} name */
function hasCommand(name) {
  return spawnSync("sh", ["-c", `command -v ${name}`], { stdio: "ignore" }).status === 0;
}

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
      `Looked at: ${candidates.join(", ")}.`,
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
