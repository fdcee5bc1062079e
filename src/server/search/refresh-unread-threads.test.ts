import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "~/test/test-database";
import type { Actor } from "../access";
import { createCaller } from "../api/root";
import { noRequestMeta } from "../audit/write-audit";
import { messageReads, messages, unreadThreads } from "../db/schema";

let t: TestDatabase;
let admin: Actor;
beforeAll(async () => {
  t = await createTestDatabase();
  admin = t.actor("admin@demo.test");
});
afterAll(() => t.close());

const search = (input: { unread: true; limit: number }) => createCaller({ db: t.db, actor: admin, request: noRequestMeta }).search.messages(input);
const ids = (answer: { results: { message: { id: string } }[] }) => answer.results.map((r) => r.message.id);

describe("search.messages unread, kept by the set of threads with unread messages", () => {
  it("finds what arrives after a search, a message older than the last scan, and drops threads read since", async () => {
    const before = await search({ unread: true, limit: 100 });
    // The seed's messages the admin did not write, none read yet.
    const expected = await t.db.select({ id: messages.id }).from(messages);
    expect(before.results.length).toBeGreaterThan(0);
    expect(before.results.length).toBeLessThan(expected.length);
    const [firstHit] = before.results;
    expect(firstHit).toBeDefined();

    // Everything of the first hit's thread read: it leaves the answer (and the set).
    const threadMessages = await t.db.select().from(messages).where(eq(messages.threadId, firstHit!.thread.id));
    await t.db
      .insert(messageReads)
      .values(threadMessages.map((m) => ({ messageId: m.id, userId: admin.id, storeId: m.storeId, role: "admin" as const })))
      .onConflictDoNothing();
    const afterRead = await search({ unread: true, limit: 100 });
    expect(afterRead.results.map((r) => r.thread.id)).not.toContain(firstHit!.thread.id);
    expect(await t.db.$count(unreadThreads, and(eq(unreadThreads.userId, admin.id), eq(unreadThreads.threadId, firstHit!.thread.id)))).toBe(0);

    // A message dated long before the last scan (an import): the trigger moves the scan back.
    const [thread] = threadMessages;
    const [old] = await t.db
      .insert(messages)
      .values({ storeId: thread!.storeId, threadId: thread!.threadId, senderRole: "system", senderName: "Import", content: "imported note", createdAt: new Date("2020-01-01T00:00:00Z") })
      .returning();
    // And a new one from the customer.
    const [fresh] = await t.db
      .insert(messages)
      .values({ storeId: thread!.storeId, threadId: thread!.threadId, senderRole: "system", senderName: "Shop", content: "fresh news" })
      .returning();
    const answer = ids(await search({ unread: true, limit: 100 }));
    expect(answer).toContain(old!.id);
    expect(answer).toContain(fresh!.id);
    expect(answer[0]).toBe(fresh!.id);
  });
});

describe("the set of threads with unread messages", () => {
  it("is rebuilt when the user's role or scope changes", async () => {
    await search({ unread: true, limit: 100 });
    const asReseller = { ...t.actor("rita@demo.test") };
    // Rita may not search; the set is a domain detail, so it is driven directly here.
    const { refreshUnreadThreads } = await import("./refresh-unread-threads");
    await refreshUnreadThreads(t.db, asReseller);
    const ritas = await t.db.select().from(unreadThreads).where(eq(unreadThreads.userId, asReseller.id));
    await refreshUnreadThreads(t.db, { ...asReseller, storeId: "south" });
    const moved = await t.db.select().from(unreadThreads).where(eq(unreadThreads.userId, asReseller.id));
    expect(ritas.length).toBeGreaterThan(0);
    expect(new Set(moved.map((r) => r.threadId))).not.toEqual(new Set(ritas.map((r) => r.threadId)));
  });
});
