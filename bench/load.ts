/** One autocannon run with per-request latencies and status codes, and the server's RSS sampled. */
import autocannon from "autocannon";
import { summarize, type Summary } from "./stats";
import { treeRssMb } from "./processes";

export interface LoadRequest {
  method: "GET" | "POST";
  path: string;
  headers?: Record<string, string>;
  body?: string;
  /** Kept on the connection until its response arrives (one request in flight per connection). */
  tag?: string;
}

export interface LoadResult extends Summary {
  connections: number;
  seconds: number;
  /** 2xx responses per second. */
  rps: number;
  statuses: Record<string, number>;
  errors: number;
  /** Peak RSS of the server's process tree during the run, MB (null for a server not sampled). */
  rssPeakMb: number | null;
}

export async function load(options: {
  origin: string;
  connections: number;
  seconds: number;
  next: () => LoadRequest;
  rssOf?: number;
  /** Every response with the tag of the request it answers (e.g. the webhook's message id). */
  onResponse?: (status: number, tag: string | undefined, body: string) => void;
}): Promise<LoadResult> {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let ok = 0;
  let rssPeak = 0;
  const sampler = options.rssOf
    ? setInterval(() => (rssPeak = Math.max(rssPeak, treeRssMb(options.rssOf!))), 500)
    : undefined;
  const started = performance.now();
  let done!: (r: autocannon.Result) => void;
  let failed!: (e: unknown) => void;
  const finishedRun = new Promise<autocannon.Result>((resolve, reject) => ((done = resolve), (failed = reject)));
  const instance = autocannon({
    url: options.origin,
    connections: options.connections,
    duration: options.seconds,
    timeout: 30,
    requests: [
      {
        setupRequest: (req, context: { tag?: string }) => {
          const r = options.next();
          context.tag = r.tag;
          return { ...req, method: r.method, path: r.path, headers: { ...(r.body ? { "content-type": "application/json" } : {}), ...r.headers }, body: r.body };
        },
        ...(options.onResponse
          ? { onResponse: (status: number, body: string, context: { tag?: string }) => options.onResponse!(status, context.tag, body) }
          : {}),
      },
    ],
  }, (error: unknown, r: autocannon.Result) => (error ? failed(error) : done(r)));
  instance.on("response", (_client: unknown, status: number, _bytes: number, ms: number) => {
    statuses[status] = (statuses[status] ?? 0) + 1;
    if (status >= 200 && status < 300) {
      ok++;
      latencies.push(ms);
    }
  });
  const result = await finishedRun;
  const seconds = (performance.now() - started) / 1000;
  if (sampler) clearInterval(sampler);
  return {
    connections: options.connections,
    seconds: Math.round(seconds * 10) / 10,
    rps: Math.round(ok / Math.min(seconds, options.seconds)),
    ...summarize(latencies),
    statuses,
    errors: result.errors + result.timeouts,
    rssPeakMb: options.rssOf ? rssPeak : null,
  };
}
