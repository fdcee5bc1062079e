/**
 * The ceiling: a bare node:http server and postgres-js doing the same one INSERT into messages as
 * the bench-only Next.js route. What the machine and driver can do with no framework at all.
 *   PORT=3205 DATABASE_URL=… tsx bench/ceiling-server.ts
 */
import { createServer } from "node:http";
import { createFloorSql } from "./floor-sql";

const floor = createFloorSql(process.env.DATABASE_URL!);
const port = Number(process.env.PORT ?? 3205);

createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    let content: string;
    try {
      content = String((JSON.parse(Buffer.concat(chunks).toString("utf8")) as { content?: unknown }).content ?? "floor");
    } catch {
      res.writeHead(400, { "content-type": "application/json" }).end('{"error":{"code":"BAD_REQUEST","message":"body is not JSON"}}');
      return;
    }
    floor.insert(content).then(
      (row) => res.writeHead(201, { "content-type": "application/json" }).end(JSON.stringify(row)),
      (error: unknown) => {
        console.error(error);
        res.writeHead(500).end();
      },
    );
  });
}).listen(port, "127.0.0.1", () => console.log(`ceiling on ${port}`));
