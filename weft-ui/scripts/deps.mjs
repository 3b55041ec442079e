// Runs `npm ci` (exactly package-lock.json, from npm's cache when it has the packages) unless
// node_modules was installed by `npm ci` from this very package-lock.json: a repeated build then
// skips the ~10 s of deleting and relinking node_modules. `npm run deps -- --force` always installs.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";

const stamp = "node_modules/.weft-lock-sha256";
const lock = createHash("sha256").update(readFileSync("package-lock.json")).digest("hex");
const force = process.argv.includes("--force");

if (!force && existsSync(stamp) && readFileSync(stamp, "utf8") === lock) {
  console.log("node_modules is installed from this package-lock.json: npm ci skipped");
  process.exit(0);
}
const npm = process.env.npm_execpath;
const args = ["ci", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"];
const run = npm
  ? spawnSync(process.execPath, [npm, ...args], { stdio: "inherit" })
  : spawnSync("npm", args, { stdio: "inherit", shell: process.platform === "win32" });
if (run.status !== 0) {
  console.error(`npm ci failed (exit ${run.status ?? run.signal}); see its output above`);
  process.exit(run.status ?? 1);
}
writeFileSync(stamp, lock);
