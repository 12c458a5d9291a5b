// iggy-connectors end to end with a real Iggy server and a real PostgreSQL:
//   random source -> Iggy topic -> PostgreSQL sink: every produced message lands exactly once,
//   across a runtime crash (SIGKILL) mid-stream and across PostgreSQL being down for a while;
//   PostgreSQL source (LISTEN/NOTIFY) -> Iggy topic -> file sink: every row arrives, also
//   across PostgreSQL being down.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { startIggyServer, type IggyTestServer } from './helpers/iggy-server.js';
import { startPostgres, type PostgresServer } from './helpers/postgres-server.js';
import { killRuntimes, startRuntime } from './helpers/runtime-process.js';

/** Generous: the machine is shared; the waits end as soon as the condition holds. */
const WAIT_DEADLINE_MS = 120_000;


async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>, describeState: () => string = () => ''): Promise<T> {
  const deadline = Date.now() + WAIT_DEADLINE_MS;
  for (;;) {
    const value = await probe().catch(() => null);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${describeState()}`);
    await sleep(100);
  }
}

async function queryCount(connectionString: string, sql: string): Promise<number> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    const result = await client.query(sql);
    return Number(result.rows[0].count);
  } finally {
    await client.end();
  }
}

function writeRuntimeConfig(dir: string, iggyAddress: string): string {
  const path = join(dir, 'config.toml');
  writeFileSync(
    path,
    `[http]\nenabled = true\naddress = "127.0.0.1:0"\n\n[iggy]\naddress = "${iggyAddress}"\nusername = "iggy"\npassword = "iggy"\n\n` +
      `[state]\npath = "state"\n\n[connectors]\nconfig_type = "local"\nconfig_dir = "connectors"\n\n[retry]\ninitial_delay = "50ms"\nmax_delay = "500ms"\n`,
  );
  mkdirSync(join(dir, 'connectors'), { recursive: true });
  return path;
}

describe('iggy-connectors with PostgreSQL', () => {
  let iggy: IggyTestServer;
  let postgres: PostgresServer;
  const dirs: string[] = [];
  before(async () => {
    [iggy, postgres] = await Promise.all([startIggyServer(), startPostgres()]);
    const admin = await iggy.client();
    await admin.createStream('conn');
    await admin.createTopic({ streamId: 'conn', name: 'events', partitionsCount: 2 });
  });
  after(async () => {
    await killRuntimes();
    await Promise.all([iggy?.stop(), postgres?.destroy()]);
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  test('random source -> Iggy -> PostgreSQL sink: exactly once across a runtime crash and a PostgreSQL outage', async () => {
    const TOTAL = 3000;
    // At most 30 messages per 40 ms poll: producing TOTAL takes at least 4 s, so the crash (at
    // 300 rows) and the outage (right after the restart) both come while the stream still runs.
    const SOURCE_INTERVAL_MS = 40;
    const dir = mkdtempSync(join(tmpdir(), 'iggy-connectors-'));
    dirs.push(dir);
    const configPath = writeRuntimeConfig(dir, iggy.tcpAddress);
    writeFileSync(
      join(dir, 'connectors', 'random_source.toml'),
      `type = "source"\nkey = "random"\nenabled = true\nversion = 0\nname = "Random source"\n\n` +
        `[[streams]]\nstream = "conn"\ntopic = "events"\nschema = "json"\nbatch_length = 100\n\n` +
        `[plugin_config]\ninterval = "${SOURCE_INTERVAL_MS}ms"\nmax_count = ${TOTAL}\nmessages_range = [10, 30]\npayload_size = 32\n`,
    );
    writeFileSync(
      join(dir, 'connectors', 'postgres_sink.toml'),
      `type = "sink"\nkey = "postgres"\nenabled = true\nversion = 0\nname = "Postgres sink"\npath = "target/release/libiggy_connector_postgres_sink"\n\n` +
        `[[streams]]\nstream = "conn"\ntopics = ["events"]\nschema = "json"\nbatch_length = 50\npoll_interval = "5ms"\nconsumer_group = "postgres_sink"\n\n` +
        `[plugin_config]\nconnection_string = "${postgres.connectionString}"\ntarget_table = "iggy_messages"\nauto_create_table = true\npayload_format = "json"\n\n` +
        `[transforms.add_fields]\nenabled = true\n\n[[transforms.add_fields.fields]]\nkey = "via"\nvalue.static = "iggy-connectors"\n\n` +
        `[transforms.delete_fields]\nenabled = true\nfields = ["text"]\n`,
    );
    const rows = () => queryCount(postgres.connectionString, 'SELECT count(*) FROM iggy_messages');

    // Phase 1: run until a part has landed, then crash the runtime mid-stream.
    let runtime = await startRuntime(configPath);
    const health = (await (await fetch(`${runtime.apiUrl}/health`)).json()) as { status: string };
    assert.equal(health.status, 'healthy');
    await waitFor('the first rows', async () => (await rows()) >= 300, () => runtime.output());
    await runtime.kill();
    const afterCrash = await rows();
    assert.ok(afterCrash < TOTAL, `the crash came mid-stream (${afterCrash} of ${TOTAL} rows)`);

    // Phase 2: restart; take PostgreSQL away for a while mid-stream, then bring it back.
    runtime = await startRuntime(configPath);
    const atOutage = await waitFor('rows after the restart', async () => {
      const count = await rows();
      return count > afterCrash ? count : null;
    }, () => runtime.output());
    assert.ok(atOutage < TOTAL, 'the outage comes mid-stream');
    await postgres.stop('immediate');
    await sleep(2000);
    const stats = (await (await fetch(`${runtime.apiUrl}/stats`)).json()) as { connectors: { key: string; errors: number; connector_type: string }[] };
    const sinkStats = stats.connectors.find((c) => c.key === 'postgres' && c.connector_type === 'sink');
    assert.ok(sinkStats, '/stats lists the sink');
    await postgres.start();

    await waitFor(`all ${TOTAL} rows`, async () => (await rows()) >= TOTAL, () => runtime.output());
    const sinks = (await (await fetch(`${runtime.apiUrl}/sinks`)).json()) as { key: string; status: string; last_error?: { message: string } }[];
    assert.equal(sinks[0]?.key, 'postgres');
    assert.equal(sinks[0]?.status, 'running');
    assert.ok(sinks[0]?.last_error, 'the outage was reported as the last error');
    assert.equal(await runtime.stop(), 0, 'graceful stop exits 0');

    const client = new pg.Client({ connectionString: postgres.connectionString });
    await client.connect();
    try {
      const summary = await client.query(
        `SELECT count(*)::int AS rows, count(DISTINCT (payload->>'seq'))::int AS seqs, min((payload->>'seq')::int) AS lo, max((payload->>'seq')::int) AS hi,
                count(*) FILTER (WHERE payload->>'via' = 'iggy-connectors')::int AS transformed, count(*) FILTER (WHERE payload ? 'text')::int AS untrimmed,
                count(DISTINCT iggy_partition_id)::int AS partitions
           FROM iggy_messages`,
      );
      assert.deepEqual(summary.rows[0], { rows: TOTAL, seqs: TOTAL, lo: 1, hi: TOTAL, transformed: TOTAL, untrimmed: 0, partitions: 2 });
    } finally {
      await client.end();
    }
    const state = JSON.parse(readFileSync(join(dir, 'state', 'source_random.json'), 'utf8')) as { state: { sequence: number } };
    assert.equal(state.state.sequence, TOTAL);
  });

  test('PostgreSQL source (LISTEN/NOTIFY) -> Iggy -> file sink: every row arrives, also across a PostgreSQL outage', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'iggy-connectors-'));
    dirs.push(dir);
    const configPath = writeRuntimeConfig(dir, iggy.tcpAddress);
    const outFile = join(dir, 'out', 'orders.jsonl');
    const setup = new pg.Client({ connectionString: postgres.connectionString });
    await setup.connect();
    await setup.query('CREATE TABLE orders (id BIGSERIAL PRIMARY KEY, item TEXT NOT NULL, qty INT NOT NULL)');
    await setup.query(
      `CREATE FUNCTION orders_notify() RETURNS trigger AS $$ BEGIN PERFORM pg_notify('orders_changed', ''); RETURN NULL; END $$ LANGUAGE plpgsql`,
    );
    await setup.query('CREATE TRIGGER orders_notify AFTER INSERT ON orders FOR EACH STATEMENT EXECUTE FUNCTION orders_notify()');
    await setup.query(`INSERT INTO orders (item, qty) SELECT 'item-' || g, g FROM generate_series(1, 200) AS g`);
    await setup.end();

    writeFileSync(
      join(dir, 'connectors', 'postgres_source.toml'),
      `type = "source"\nkey = "postgres"\nenabled = true\nversion = 0\nname = "Postgres source"\n\n` +
        `[[streams]]\nstream = "conn"\ntopic = "orders"\nschema = "json"\nbatch_length = 100\n\n` +
        `[plugin_config]\nconnection_string = "${postgres.connectionString}"\nmode = "notify"\nnotify_channel = "orders_changed"\ntables = ["orders"]\n` +
        `poll_interval = "1h"\nbatch_size = 64\ntracking_column = "id"\ninclude_metadata = true\n`,
    );
    writeFileSync(
      join(dir, 'connectors', 'file_sink.toml'),
      `type = "sink"\nkey = "file"\nenabled = true\nversion = 0\nname = "File sink"\n\n` +
        `[[streams]]\nstream = "conn"\ntopics = ["orders"]\nschema = "json"\nbatch_length = 100\npoll_interval = "5ms"\nconsumer_group = "file_sink"\n\n` +
        `[plugin_config]\npath = "${outFile}"\n`,
    );
    const orderIds = () => {
      if (!existsSync(outFile)) return new Set<number>();
      const lines = readFileSync(outFile, 'utf8').split('\n').filter(Boolean);
      return new Set(lines.map((line) => Number((JSON.parse(line) as { payload: { data: { id: string } } }).payload.data.id)));
    };

    const runtime = await startRuntime(configPath);
    await waitFor('the first 200 rows in the file', async () => orderIds().size >= 200, () => runtime.output());

    // PostgreSQL goes away and comes back; rows inserted after that must still arrive. With a
    // poll_interval of 1 h, only the NOTIFY on the re-established LISTEN can bring them.
    await postgres.stop('immediate');
    await sleep(1500);
    await postgres.start();
    const writer = new pg.Client({ connectionString: postgres.connectionString });
    await writer.connect();
    try {
      await waitFor('the source listening again', async () => {
        const listening = await writer.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE query LIKE 'LISTEN%'`);
        return listening.rows[0].n > 0;
      }, () => runtime.output());
      await writer.query(`INSERT INTO orders (item, qty) SELECT 'late-' || g, g FROM generate_series(1, 100) AS g`);
    } finally {
      await writer.end();
    }
    await waitFor('all 300 rows in the file', async () => orderIds().size >= 300, () => runtime.output());
    assert.equal(await runtime.stop(), 0);

    // Compare with the table itself: a sequence jumps ahead after PostgreSQL's crash recovery.
    const reader = new pg.Client({ connectionString: postgres.connectionString });
    await reader.connect();
    const tableIds = (await reader.query('SELECT id FROM orders ORDER BY id')).rows.map((row: { id: string }) => Number(row.id));
    await reader.end();
    const ids = orderIds();
    assert.equal(tableIds.length, 300);
    assert.deepEqual([...ids].sort((a, b) => a - b), tableIds);
    const first = JSON.parse(readFileSync(outFile, 'utf8').split('\n')[0]!) as { payload: { table_name: string; operation_type: string; data: { item: string } } };
    assert.equal(first.payload.table_name, 'orders');
    assert.equal(first.payload.operation_type, 'SELECT');
    assert.match(first.payload.data.item, /^item-\d+$/);
  });
});
