-- Scale data for checking plans: 1,000 stores, 100,000 orders and threads, 1,000,000 messages,
-- a share of internal notes, receipts for an admin who has read almost everything. Set-based:
-- words come from one prebuilt array indexed by a skewed random number (no per-row subqueries).
-- Usage (a scratch database that has the migrations applied):
--   psql -v ON_ERROR_STOP=1 -d <db> -f src/test/scale/generate-scale.sql
SET synchronous_commit = off;

INSERT INTO stores (id, name) SELECT 'st' || i, 'Store ' || i FROM generate_series(1, 1000) i;
INSERT INTO suppliers (id, name) SELECT 'sp' || i, 'Supplier ' || i FROM generate_series(1, 50) i;
INSERT INTO users (id, email, name, role) VALUES ('00000000-0000-4000-8000-0000000000ad', 'admin@scale.test', 'Admin', 'admin');
INSERT INTO users (id, email, name, role, store_id) VALUES ('00000000-0000-4000-8000-0000000000e1', 'reseller@scale.test', 'Reseller', 'reseller', 'st1');
INSERT INTO users (id, email, name, role, supplier_id) VALUES ('00000000-0000-4000-8000-0000000000f1', 'supplier@scale.test', 'Supplier', 'supplier', 'sp1');
INSERT INTO users (id, email, name, role)
  SELECT ('00000000-0000-4000-9000-' || lpad(to_hex(i), 12, '0'))::uuid, 'c' || i || '@scale.test', 'Customer ' || i, 'customer'
  FROM generate_series(1, 20000) i;

INSERT INTO orders (id, store_id, order_number, customer_id, customer_name, customer_email, status, created_at)
  SELECT ('00000000-0000-4000-a000-' || lpad(to_hex(i), 12, '0'))::uuid, 'st' || (1 + i % 1000), 'S-' || i,
         ('00000000-0000-4000-9000-' || lpad(to_hex(1 + i % 20000), 12, '0'))::uuid, 'Customer ' || (1 + i % 20000),
         'c' || (1 + i % 20000) || '@scale.test',
         (ARRAY['pending','processing','shipped','delivered','completed','cancelled','refunded']::order_status[])[1 + i % 7],
         now() - interval '400 days' + i * interval '5 minutes'
  FROM generate_series(1, 100000) i;
INSERT INTO order_fulfillments (store_id, order_id, supplier_id)
  SELECT store_id, id, 'sp' || (1 + abs(hashtext(id::text)) % 50) FROM orders;
INSERT INTO threads (id, store_id, order_id, status, created_at, last_message_at)
  SELECT ('00000000-0000-4000-b000-' || substr(id::text, 25))::uuid, store_id, id,
         CASE WHEN random() < 0.3 THEN 'closed'::thread_status ELSE 'open'::thread_status END, created_at, created_at
  FROM orders;

-- 1,000,000 messages, 10 per thread. Vocabulary: 3,000 words, skewed (random()^3); "refund" in
-- ~30 %, "delivery" in ~1 %, "zebracorn" in 20 messages.
CREATE TEMP TABLE vocab AS SELECT array_agg('w' || chr(97 + i % 26) || chr(97 + (i / 26) % 26) || chr(97 + (i / 676) % 26) || 'x') AS words
  FROM generate_series(0, 2999) i;
INSERT INTO messages (store_id, thread_id, sender_role, sender_id, sender_name, channel, content, is_internal, created_at)
  SELECT t.store_id, t.id,
         CASE WHEN k % 20 = 7 THEN 'admin'::sender_role WHEN k % 2 = 0 THEN 'customer'::sender_role ELSE 'admin'::sender_role END,
         CASE WHEN k % 2 = 0 AND k % 20 <> 7 THEN o.customer_id ELSE '00000000-0000-4000-8000-0000000000ad'::uuid END,
         'someone',
         (ARRAY['in_app','in_app','in_app','email','whatsapp','sms']::channel[])[1 + (k + n) % 6],
         concat_ws(' ',
           v.words[1 + floor(random() ^ 3 * 3000)::int], v.words[1 + floor(random() ^ 3 * 3000)::int],
           v.words[1 + floor(random() ^ 3 * 3000)::int], v.words[1 + floor(random() ^ 3 * 3000)::int],
           v.words[1 + floor(random() ^ 3 * 3000)::int], v.words[1 + floor(random() ^ 3 * 3000)::int],
           CASE WHEN random() < 0.3 THEN 'refund' END,
           CASE WHEN random() < 0.01 THEN 'delivery' END,
           CASE WHEN (n * 10 + k) % 50000 = 123 THEN 'zebracorn' END),
         k % 20 = 7,
         o.created_at + k * interval '29 seconds'
  FROM generate_series(0, 99999) n
  JOIN threads t ON t.id = ('00000000-0000-4000-b000-' || lpad(to_hex(n + 1), 12, '0'))::uuid
  JOIN orders o ON o.id = t.order_id
  CROSS JOIN generate_series(0, 9) k
  CROSS JOIN vocab v;

UPDATE threads SET last_message_at = m.last_at, last_public_message_at = m.last_public
FROM (SELECT thread_id, max(created_at) AS last_at, max(created_at) FILTER (WHERE NOT is_internal) AS last_public
      FROM messages GROUP BY thread_id) m
WHERE m.thread_id = threads.id;

-- The admin has read everything but the messages of 200 threads; each customer has read the
-- messages of half their threads.
INSERT INTO message_reads (message_id, user_id, store_id, role)
  SELECT id, '00000000-0000-4000-8000-0000000000ad', store_id, 'admin' FROM messages
  WHERE thread_id NOT IN (SELECT id FROM threads ORDER BY id LIMIT 200);
INSERT INTO message_reads (message_id, user_id, store_id, role)
  SELECT m.id, o.customer_id, m.store_id, 'customer' FROM messages m JOIN threads t ON t.id = m.thread_id JOIN orders o ON o.id = t.order_id
  WHERE NOT m.is_internal AND m.sender_id IS DISTINCT FROM o.customer_id AND hashtext(t.id::text) % 2 = 0;
VACUUM ANALYZE;
