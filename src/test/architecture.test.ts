import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/*
 * The shape STYLE.md asks for, checked on the source itself so a change that breaks it fails here
 * rather than in review.
 */

const root = path.resolve(import.meta.dirname, "..");

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name))
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)));
}
const read = (file: string) => readFileSync(path.join(root, file), "utf8");
const isTest = (file: string) => /\.test\.tsx?$/.test(file);

describe("layers", () => {
  it("no component imports from app/", () => {
    const offenders = sourceFiles("components").filter((file) => /from "(~\/app\/|(\.\.\/)+app\/)/.test(read(file)));
    expect(offenders).toEqual([]);
  });

  it("no domain module imports from api/ or app/ (tests may drive the routers)", () => {
    const domain = sourceFiles("server").filter((file) => !/^server\/(api|http)\//.test(file) && !isTest(file));
    const offenders = domain.filter((file) => /from "(~\/server\/api|(\.\.\/)+api|~\/app)["/]/.test(read(file)));
    expect(offenders).toEqual([]);
  });

  it("test fixtures live under src/test/, not beside application code", () => {
    const fixtures = sourceFiles("server").filter((file) => /test-(fixtures|samples)\.ts$/.test(file));
    expect(fixtures).toEqual([]);
  });
});

describe("the request edge", () => {
  it("pages and route handlers get the caller from the one request context, never on their own", () => {
    const edge = [...sourceFiles("app"), ...sourceFiles("trpc")];
    const offenders = edge.filter((file) => /\b(resolveActor|getServerSession)\(/.test(read(file)));
    expect(offenders).toEqual([]);
    for (const file of ["trpc/server.ts", "app/api/attachments/route.ts", "app/api/attachments/[id]/route.ts", "server/api/context.ts"]) {
      expect(read(file), file).toContain("createRequestContext");
    }
  });

  it("pages read the database only through procedures", () => {
    const pages = sourceFiles("app").filter((file) => !file.startsWith("app/api/"));
    // The seed's demo user list (data, not a query) is the one import the sign-in page may make.
    const offenders = pages.filter((file) => /from "~\/server\/(db(?!\/seed")|stores|messaging|orders|search)/.test(read(file)));
    expect(offenders).toEqual([]);
  });
});

describe("the visibility rule", () => {
  it("orders join threads on orders.id = threads.order_id alone (STACK-NOTES: plans collapse otherwise)", () => {
    const offenders = sourceFiles("server")
      .filter((file) => !isTest(file))
      .filter((file) => /store_id = (threads|page|orders)\.store_id|eq\((orders|threads)\.storeId, (threads|orders)\.storeId\)/.test(read(file)));
    expect(offenders).toEqual([]);
  });

  it("lives in access/: no one outside decides on internal notes or notes-only threads by hand", () => {
    const outside = sourceFiles("server").filter((file) => !file.startsWith("server/access/") && !isTest(file) && !file.startsWith("server/db/"));
    const offenders = outside.filter((file) => /lastPublicMessageAt !== null|last_public_message_at IS NOT NULL|isThreadVisibleTo/.test(read(file)));
    expect(offenders).toEqual([]);
  });
});
