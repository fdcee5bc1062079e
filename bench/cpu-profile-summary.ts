/**
 * Where a .cpuprofile (bench/cpu-profiler.mjs) spent its time: self time by function and by
 * package, and total (self + callees) time of the heaviest functions. Frames in the build's
 * minified chunks are named by their source (the chunk's .js.map): `package/file:line` and the
 * start of that source line.
 *
 *   npx tsx bench/cpu-profile-summary.ts <file.cpuprofile> [rows]
 */
import { existsSync, readFileSync } from "node:fs";
import { SourceMap } from "node:module";
import { fileURLToPath } from "node:url";

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

const [file, rowsArg = "30"] = process.argv.slice(2);
if (!file) throw new Error("usage: cpu-profile-summary.ts <file.cpuprofile> [rows]");
const rows = Number(rowsArg);
const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

const selfUs = new Map<number, number>();
profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
const totalUs = profile.endTime - profile.startTime;
const idleUs = [...selfUs].filter(([id]) => /^\((idle|program)\)$/.test(byId.get(id)!.callFrame.functionName)).reduce((s, [, us]) => s + us, 0);

const maps = new Map<string, SourceMap | null>();
const mapOf = (url: string) => {
  if (!maps.has(url)) {
    const file = url.startsWith("file:") ? fileURLToPath(url) : url;
    maps.set(url, existsSync(`${file}.map`) ? new SourceMap(JSON.parse(readFileSync(`${file}.map`, "utf8")) as never) : null);
  }
  return maps.get(url) ?? null;
};

/** A frame as its source names it: the original file and line when the chunk has a source map. */
const origin = (n: Node): { url: string; line: number; text: string } => {
  const { url, lineNumber, columnNumber } = n.callFrame as Node["callFrame"] & { columnNumber: number };
  const found = url.includes("/.next") ? mapOf(url)?.findEntry(lineNumber, columnNumber) : undefined;
  if (!found || !("originalSource" in found)) return { url, line: lineNumber + 1, text: "" };
  const entry = found as { originalSource: string; originalLine: number };
  const map = mapOf(url) as unknown as { payload: { sources: string[]; sourcesContent?: string[] } };
  const source = map.payload.sourcesContent?.[map.payload.sources.indexOf(entry.originalSource)] ?? "";
  const text = source.split("\n")[entry.originalLine]?.trim().slice(0, 60) ?? "";
  return { url: entry.originalSource, line: entry.originalLine + 1, text };
};

/** node_modules/<package>, the app's own file, or Node's module, from a frame's URL. */
const where = (url: string) => {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1]!;
  if (url.startsWith("node:") || !url) return url || "(native)";
  return url.replace(/^.*?\/(src\/)/, "$1");
};
const labels = new Map<number, string>();
const label = (n: Node) => {
  if (!labels.has(n.id)) {
    const o = origin(n);
    const file = /node_modules\//.test(o.url) ? `${where(o.url)}/${o.url.split("/").pop()}` : where(o.url);
    labels.set(n.id, `${n.callFrame.functionName || "(anonymous)"} ${file}:${o.line}${o.text ? `  ${o.text}` : ""}`);
  }
  return labels.get(n.id)!;
};

const add = (m: Map<string, number>, k: string, us: number) => m.set(k, (m.get(k) ?? 0) + us);
const selfByFn = new Map<string, number>();
const selfByPkg = new Map<string, number>();
const inclusive = new Map<string, number>();
for (const [id, us] of selfUs) {
  const n = byId.get(id)!;
  add(selfByFn, label(n), us);
  add(selfByPkg, where(origin(n).url), us);
  // Each function once per sample, however deep it recurses.
  const seen = new Set<string>();
  for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
    const l = label(byId.get(cur)!);
    if (seen.has(l)) continue;
    seen.add(l);
    add(inclusive, l, us);
  }
}

const busy = totalUs - idleUs;
/**
 * V8 samples on a wall clock: a thread the kernel takes off the CPU inside a socket write (the
 * write woke its reader, Postgres or the relay, which then runs on this core) keeps being sampled
 * in that write. On the 2-core bench machine that is most of these frames: a send profile showed
 * 25 % of its samples in them while the process's stime was 5 % of its CPU (/proc/<pid>/stat).
 */
const socketWriteUs = [...selfUs]
  .filter(([id]) => /^write(Buffer|v|Utf8String|Latin1String|AsciiString)$/.test(byId.get(id)!.callFrame.functionName))
  .reduce((s, [, us]) => s + us, 0);
const print = (title: string, m: Map<string, number>) => {
  console.log(`\n${title}`);
  for (const [k, us] of [...m].sort((a, b) => b[1] - a[1]).slice(0, rows)) {
    console.log(`  ${(us / 1000).toFixed(0).padStart(7)} ms ${((100 * us) / busy).toFixed(1).padStart(5)} %  ${k}`);
  }
};
console.log(`${(totalUs / 1e6).toFixed(1)} s profiled, ${(busy / 1e6).toFixed(2)} s busy`);
console.log(
  `of which ${(socketWriteUs / 1e6).toFixed(2)} s (${((100 * socketWriteUs) / busy).toFixed(1)} %) in native socket writes: mostly time the ` +
    "thread waited off the CPU, not CPU it used; compare busy time with profile.ts's CPU per request",
);
print("self time by package", selfByPkg);
print("self time by function", selfByFn);
print("total time by function", inclusive);
