import type { AddressInfo } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CliIo, runCli } from '../../bot/cli/run-cli.js';
import { type ApiHarness, createApiHarness, TENANT_A } from './api-harness.js';

interface Sink {
  text: string;
  isTTY?: boolean;
  write(chunk: string): boolean;
}

function sink(isTTY = false): Sink {
  return {
    text: '',
    isTTY,
    write(chunk) {
      this.text += chunk;
      return true;
    },
  };
}

describe('handoff CLI against a running server on loopback', () => {
  let h: ApiHarness;
  let server: ServerType;
  let url: string;

  beforeEach(async () => {
    h = await createApiHarness();
    url = await new Promise<string>((resolve) => {
      server = serve({ fetch: h.app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) =>
        resolve(`http://127.0.0.1:${info.port}`),
      );
    });
  });

  afterEach(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  /** Runs one command line; each progress poll first runs the jobs the server has due (the fake scheduler). */
  async function cli(
    argv: string[],
    options: { tty?: boolean; env?: Record<string, string>; io?: Partial<CliIo> } = {},
  ) {
    const stdout = sink(options.tty);
    const stderr = sink(options.tty);
    const code = await runCli(argv, {
      fetch: globalThis.fetch,
      stdout,
      stderr,
      env: { HANDOFF_URL: url, HANDOFF_API_KEY: h.keyA, ...options.env },
      sleep: async () => {
        await h.runJobs();
      },
      pollIntervalMs: 1,
      timeZone: 'UTC',
      ...options.io,
    });
    return { code, stdout: stdout.text, stderr: stderr.text };
  }

  it('lists the heads to choose from when the from-user has several, with the flag that names each', async () => {
    h.portalA.addDepartment(8, 'Sales', { headId: 78 });
    h.portalA.addDepartment(9, 'Partners', { headId: 90 });
    h.portalA.addUser(11, { name: 'Ola Olsen', departmentIds: [8, 9] });

    const { code, stderr } = await cli(['start', '--from', '11', '--to', 'head']);

    expect(code).toBe(1);
    expect(stderr).toMatch(/^User #11 sits in several departments, so there is more than one head\./);
    expect(stderr).not.toContain('ambiguous_head'); // codes are for --json and logs, not people
    expect(stderr).toContain('--to head:8   Dora Diaz (78), head via Sales');
    expect(stderr).toContain('--to head:9   Eve Evans (90), head via Partners');
  });

  it('says who covers for a receiver who is away, and the --to that hands to them instead', async () => {
    await cli(['vacation', '--from', '78', '--backup', '56', '--until', '2026-12-20T09:00:00Z']);
    await h.runJobs();

    const { code, stderr } = await cli(['start', '--from', '12', '--to', '78']);

    expect(code).toBe(1);
    expect(stderr).toMatch(/^Dora Diaz is away until 2026-12-20 09:00 UTC \(H-1\)/);
    expect(stderr).toContain('Hand to the backup instead: the same command with --to 56   (Carl Cole)');
  });

  it('previews in the chat grammar words and prints counts', async () => {
    const { code, stdout } = await cli(['preview', '--from', '12', '--to', 'ben@acme.com', '--only', 'deals,tasks']);

    expect(code).toBe(0);
    expect(stdout).toContain("Preview: Anna Adams (12)'s work, permanent");
    expect(stdout).toMatch(/deals\s+3\s+→ Ben Brown \(34\)/);
    expect(stdout).toMatch(/tasks\s+2\s+→ Ben Brown \(34\)/);
    expect(stdout).toMatch(/total\s+5/);
  });

  it('starts with --watch: the result line then the status on stdout, the progress bar on stderr', async () => {
    const { code, stdout, stderr } = await cli(['start', '--from', '12', '--to', '34', '--watch']);

    expect(code).toBe(0);
    expect(stdout).toMatch(/^H-1 started\.\nH-1 {2}completed {2}Anna Adams \(12\) → Ben Brown \(34\)\n/);
    expect(stderr).not.toContain('started');
    expect(stderr).toMatch(/H-1 completed \[#{30}\] 100%\s+5\/5\s+moved 5/);
    expect(h.portalA.ownerOf('tasks', 4)).toBe(34);
  });

  it('draws the bar in place on a terminal (stdout a TTY watches by default)', async () => {
    const { code, stderr } = await cli(['start', '--from', '12', '--to', '34'], { tty: true });

    expect(code).toBe(0);
    expect(stderr).toContain('\r\x1b[2KH-1 completed');
  });

  it('prints the API JSON with --json and does not watch', async () => {
    const { code, stdout } = await cli([
      'start',
      '--from',
      '12',
      '--to',
      '34',
      '--until',
      'next monday 9am',
      '--tz',
      'Europe/Kyiv',
      '--only',
      'deals',
      '--dry-run',
      '--json',
    ]);

    expect(code).toBe(0);
    const view = JSON.parse(stdout);
    expect(view).toMatchObject({
      id: 'H-1',
      status: 'scheduled',
      mode: 'temporary',
      returnAt: '2026-11-30T07:00:00.000Z',
      kinds: ['deals'],
      options: { dryRun: true },
    });
  });

  it('plans a vacation with the chat grammar words: backup, starting, until', async () => {
    const { code, stdout } = await cli([
      'vacation',
      '--from',
      'anna@acme.com',
      '--backup',
      'ben@acme.com',
      '--starting',
      'next monday 9am',
      '--until',
      '2026-12-20T09:00:00Z',
      '--tz',
      'Europe/Kyiv',
      '--id',
      'hr-1',
      '--json',
    ]);
    const missing = await cli(['vacation', '--from', '12', '--backup', '34']);
    const dry = await cli(['vacation', '--from', '12', '--backup', '34', '--until', 'friday', '--dry-run']);

    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({
      externalId: 'hr-1',
      backup: { type: 'user', id: 34 },
      start: '2026-11-30T07:00:00.000Z',
      end: '2026-12-20T09:00:00.000Z',
      handoff: { id: 'H-1', status: 'scheduled', mode: 'temporary', to: { type: 'user', id: 34 } },
    });
    expect([missing.code, missing.stderr]).toEqual([2, expect.stringContaining('--until <when> is required')]);
    expect([dry.code, dry.stderr]).toEqual([2, expect.stringContaining('vacation takes no --dry-run')]);
  });

  it('moves a vacation by its id or H-number: extended, shortened, then cancelled', async () => {
    await cli([
      'vacation',
      '--from',
      '12',
      '--backup',
      '34',
      '--starting',
      '2026-11-25T09:00:00Z',
      '--until',
      '2026-12-04T09:00:00Z',
      '--id',
      'hr-7',
    ]);

    const extended = await cli(['vacation', 'move', 'hr-7', '--until', '2026-12-10T09:00:00Z']);
    const moved = await cli(['vacation', 'move', 'H-1', '--starting', '2026-11-26T09:00:00Z', '--json']);
    const cancelled = await cli(['vacation', 'cancel', 'H-1']);
    const again = await cli(['vacation', 'cancel', 'hr-7']);
    const unknown = await cli(['vacation', 'move', 'H-9', '--until', 'friday']);

    expect(extended.code).toBe(0);
    expect(extended.stdout).toContain('moved.');
    expect(extended.stdout).toContain('Vacation hr-7: Anna Adams (12), covered by Ben Brown (34)');
    expect(JSON.parse(moved.stdout)).toMatchObject({
      outcome: 'moved',
      vacation: { start: '2026-11-26T09:00:00.000Z', end: '2026-12-10T09:00:00.000Z' },
    });
    expect(cancelled.stdout).toContain('cancelled before it started.');
    expect(cancelled.stdout).toContain('Vacation hr-7 — cancelled');
    expect(again.stdout).toMatch(/^already cancelled\.\n/);
    expect([unknown.code, unknown.stderr]).toEqual([1, 'H-9 is not a vacation here (no vacation covers it).\n']);
    const list = await cli(['vacation', 'list', '--status', 'cancelled']);
    expect(list.stdout).toContain('hr-7');
  });

  it('manages HR people: add by id, e-mail or Slack user, list, remove', async () => {
    const added = await cli(['hr', 'add', '34']);
    await cli(['hr', 'add', 'slack:U0MARIA1']);
    const again = await cli(['hr', 'add', 'ben@acme.com', '--json']);
    const removed = await cli(['hr', 'remove', '34']);
    const bad = await cli(['hr', 'add', 'ben']);

    expect(added.stdout).toContain('portal:34');
    expect(JSON.parse(again.stdout).people.map((p: { person: string }) => p.person)).toEqual([
      'portal:34',
      'slack:U0MARIA1',
    ]);
    expect(removed.stdout).not.toContain('portal:34');
    expect(removed.stdout).toContain('slack:U0MARIA1');
    expect([bad.code, bad.stderr]).toEqual([2, expect.stringContaining('hr add: expected a portal user id')]);
  });

  it('manages webhooks: add prints the secret once, list, deliveries, remove', async () => {
    const added = await cli(['webhooks', 'add', 'https://hr.example.com/hook', '--only', 'handoff.started']);
    const [id = '', secret = ''] = added.stdout.trim().split('\n');
    const listed = await cli(['webhooks', 'list']);
    const deliveries = await cli(['webhooks', 'deliveries', id]);
    const removed = await cli(['webhooks', 'remove', id]);
    const bad = await cli(['webhooks', 'add', 'https://x.example', '--only', 'handoff.exploded']);

    expect(added.code).toBe(0);
    expect(secret).toMatch(/^whsec_/);
    expect(added.stderr).toContain('shown only now');
    expect(listed.stdout).toContain(`${id}  https://hr.example.com/hook  handoff.started`);
    expect(listed.stdout).not.toContain(secret);
    expect(deliveries.stdout).toBe('No deliveries yet.\n');
    expect(removed.stdout).toBe(`Removed ${id}.\n`);
    expect((await cli(['webhooks'])).stdout).toContain('No webhooks yet');
    expect([bad.code, bad.stderr]).toEqual([2, expect.stringContaining('"handoff.exploded" is not an event')]);
  });

  it('a vacation cut short after it started returns everything now', async () => {
    await cli(['vacation', '--from', '12', '--backup', '34', '--until', '2026-12-04T09:00:00Z', '--id', 'hr-8']);
    await h.runJobs();

    const shortened = await cli(['vacation', 'move', 'hr-8', '--until', '2026-11-23T10:00:00Z']);
    await h.runJobs();

    expect(shortened.stdout).toContain('ended: everything is coming back now.');
    expect((await h.service.get(TENANT_A, 1)).handoff.status).toBe('returned');
  });

  it('shows status, history and items (all pages)', async () => {
    await cli(['start', '--from', '12', '--to', '34', '--watch']);

    const status = await cli(['status', 'H-1']);
    const latest = await cli(['status']);
    const history = await cli(['history', '--status', 'completed']);
    const items = await cli(['items', 'H-1', '--limit', '2', '--all', '--json']);
    const page = await cli(['items', 'H-1', '--kind', 'deals', '--limit', '2']);

    expect(status.stdout).toBe(
      [
        'H-1  completed  Anna Adams (12) → Ben Brown (34)',
        '  permanent',
        '  deals  moved 3 to Ben Brown',
        '  tasks  moved 2 to Ben Brown',
        '  total  5 items: moved 5',
        '  created Mon 23 Nov 2026 10:00 UTC · started 10:00 · finished 10:00 · by api-key:hr',
        '',
      ].join('\n'),
    );
    expect(latest.stdout).toBe(status.stdout);
    expect(history.stdout).toMatch(
      /^H-1 {2}completed {2}Anna Adams \(12\) → Ben Brown \(34\) {2}23 Nov 2026 10:00 {2}moved 5\n$/,
    );
    expect(JSON.parse(items.stdout)).toEqual({ items: expect.any(Array), nextCursor: null });
    expect(JSON.parse(items.stdout).items).toHaveLength(5);
    expect(page.stdout.trim().split('\n')).toHaveLength(3);
    expect(page.stdout).toMatch(/^deals {2}1 {2}moved {2}Anna Adams → Ben Brown {2}/);
    expect(page.stdout).toContain('more: handoff items H-1 --all');
  });

  it('cancels, returns (force, as in the chat grammar) and undoes', async () => {
    await cli(['start', '--from', '12', '--to', '34', '--starting', '2026-12-01T09:00:00Z']);
    const cancel = await cli(['cancel', 'H-1']);
    await cli(['start', '--from', '12', '--to', '34', '--until', '2026-12-20T09:00:00Z', '--watch']);
    h.portalA.setOwnerManually('deals', 1, 56);

    const ret = await cli(['return', 'H-2', 'force', '--watch']);
    await cli(['start', '--from', '78', '--to', '34', '--watch']);
    const undo = await cli(['undo', 'h-3', '--watch']);

    expect(cancel.stdout).toMatch(/^H-1 {2}cancelled/);
    expect(ret.code).toBe(0);
    expect(ret.stdout).toMatch(/^H-2 {2}returned/);
    expect(h.portalA.ownerOf('deals', 1)).toBe(12);
    expect(undo.stdout).toMatch(/^H-3 {2}returned/);
  });

  it('a return of a permanent handoff points to undo; an undo of a dry run says nothing moved', async () => {
    await cli(['start', '--from', '12', '--to', '34', '--watch']);
    await cli(['start', '--from', '78', '--to', '34', '--dry-run', '--watch']);

    const permanent = await cli(['return', 'H-1']);
    const dryRun = await cli(['undo', 'H-2']);

    expect([permanent.code, dryRun.code]).toEqual([1, 1]);
    expect(permanent.stderr).toContain(
      'H-1 is permanent: nothing comes back on its own, so there is no return to bring forward. `handoff undo H-1` gives everything it moved back.',
    );
    expect(dryRun.stderr).toContain('H-2 was a dry run: nothing moved, so there is nothing to give back.');
  });

  it('without --watch, a return says in one line that it has begun (the status below still reads as before)', async () => {
    await cli(['start', '--from', '12', '--to', '34', '--until', '2026-12-20T09:00:00Z', '--watch']);

    const returned = await cli(['return', 'H-1']);

    expect(returned.code).toBe(0);
    expect(returned.stdout).toMatch(/^H-1: the return has begun; `handoff status H-1` follows it\.\nH-1 {2}/);
  });

  it("after a return says what came back to whom, in the reader's zone: returned, kept and deleted items", async () => {
    const started = await cli([
      'start',
      '--from',
      '12',
      '--to',
      '34',
      '--until',
      '2026-12-20T09:00:00Z',
      '--tz',
      'Europe/Kyiv',
      '--watch',
    ]);
    h.portalA.setOwnerManually('deals', 1, 56);
    h.portalA.deleteItem('deals', 2);

    const returned = await cli(['return', 'H-1', '--tz', 'Europe/Kyiv', '--watch']);
    const items = await cli(['items', 'H-1', '--kind', 'deals']);

    expect(started.stdout).toContain('H-1  return_scheduled  Anna Adams (12) → Ben Brown (34)\n');
    expect(started.stdout).toContain('  temporary, back Sun 20 Dec 2026 11:00 EET\n');
    expect(started.stdout).toContain('  deals  moved 3 to Ben Brown\n');
    expect(returned.stdout).toContain('H-1  returned  Anna Adams (12) → Ben Brown (34)\n');
    expect(returned.stdout).toContain(
      '  deals  returned 1 to Anna Adams · kept 1 (changed by hand since; left as is) · gone 1 (deleted since)\n',
    );
    expect(returned.stdout).toContain('  tasks  returned 2 to Anna Adams\n');
    expect(returned.stdout).toContain('  total  5 items: returned 3 · kept 1 · gone 1\n');
    expect(returned.stdout).not.toContain('to Ben Brown');
    expect(returned.stdout).toMatch(
      /created Mon 23 Nov 2026 12:00 EET · started 12:00 · finished 12:00 · returned 12:00/,
    );
    expect(items.stdout.split('\n')).toEqual([
      'deals  1  kept      kept by user 56 (changed by hand since)  deals 1',
      'deals  2  gone      deleted since                            deals 2',
      'deals  3  returned  back to Anna Adams                       deals 3',
      '',
    ]);
  });

  it("tells a scheduled start in the reader's zone on stdout, and what will go to whom", async () => {
    const { code, stdout, stderr } = await cli([
      'start',
      '--from',
      '12',
      '--to',
      '34',
      '--starting',
      '2026-12-01T09:00:00Z',
      '--tz',
      'Europe/Kyiv',
    ]);

    expect(code).toBe(0);
    expect(stdout).toBe(
      [
        'H-1 scheduled for Tue 1 Dec 2026 11:00 EET.',
        'H-1  scheduled  Anna Adams (12) → Ben Brown (34)',
        '  permanent · starts Tue 1 Dec 2026 11:00 EET',
        '  to Ben Brown: deals, tasks',
        '  created Mon 23 Nov 2026 12:00 EET · by api-key:hr',
        '',
      ].join('\n'),
    );
    expect(stderr).toBe('');
  });

  it('names a department target and its members, and says what a dry run would move', async () => {
    const { stdout } = await cli([
      'start',
      '--from',
      '12',
      '--to',
      'dept:7',
      '--only',
      'deals',
      '--dry-run',
      '--watch',
    ]);
    const items = await cli(['items', 'H-1']);

    expect(stdout).toContain('H-1  completed  Anna Adams (12) → Support (dept 7)\n');
    expect(stdout).toContain('  permanent · dry run: nothing changes in the portal\n');
    expect(stdout).toContain('  deals  would move 3 to Support (dept 7, 2 people)\n');
    expect(items.stdout).toMatch(/skipped {2}would go to (Carl Cole|Eve Evans) \(dry run\)/);
  });

  it('refuses an unknown --tz (exit 2) before asking the server', async () => {
    const { code, stderr } = await cli(['status', 'H-1', '--tz', 'Mars/Olympus']);

    expect(code).toBe(2);
    expect(stderr).toContain('--tz: "Mars/Olympus" is not a time zone');
  });

  it('exits 1 on an API error, naming it (and the H-n in the way)', async () => {
    await cli(['start', '--from', '12', '--to', '34', '--starting', '2026-12-01T09:00:00Z']);

    const unknown = await cli(['status', 'H-99']);
    const running = await cli(['start', '--from', '12', '--to', '56']);
    const badDate = await cli(['preview', '--from', '12', '--to', '34', '--until', 'when pigs fly']);
    const badKey = await cli(['history'], { env: { HANDOFF_API_KEY: 'hnd_wrong' } });
    const json = await cli(['status', 'H-99', '--json']);

    expect([unknown.code, unknown.stderr]).toEqual([1, expect.stringMatching(/^There is no H-99 here\./)]);
    expect(running.code).toBe(1);
    expect(running.stderr).toMatch(/^H-1 already holds/);
    expect(running.stderr).not.toContain('[H-1]'); // named once, in the sentence
    expect(unknown.stderr).not.toContain('[H-99]');
    expect([badDate.code, badDate.stderr]).toEqual([
      1,
      expect.stringMatching(/^--until: I couldn't read “when pigs fly” as a date\./),
    ]);
    expect([badKey.code, badKey.stderr]).toEqual([1, 'The API key is not valid (or was revoked).\n']);
    expect(JSON.parse(json.stdout).error.code).toBe('not_found'); // scripts keep the code
    expect(json.stderr).not.toContain('not_found');
  });

  it('exits 1 when the server cannot be reached', async () => {
    const { code, stderr } = await cli(['history', '--url', 'http://127.0.0.1:1']);

    expect(code).toBe(1);
    expect(stderr).toContain('Cannot reach the Handoff server at http://127.0.0.1:1');
  });

  it.each([
    [['frobnicate'], 'Unknown command "frobnicate"'],
    [['start', '--from', '12'], '--to is required'],
    [['start', '--from', '12', '--to', '34', '--bogus'], 'Unknown flag --bogus.'],
    [['history', '--from', '12'], 'history takes no --from'],
    [['start', '--from', '12', '--to', '34', '--untill', 'friday'], 'Unknown flag --untill. Did you mean --until?'],
    [['return', 'H-1', '--force-return'], 'return takes no --force-return. Did you mean --force?'],
    [['stauts', 'H-1'], 'Unknown command "stauts". Did you mean status?'],
    [['history', '--status', 'runing'], 'history --status: "runing" is not a status. Did you mean running?'],
    [['items', 'H-1', '--status', 'moved,faild'], 'items --status: "faild" is not a status. Did you mean failed?'],
    [['items', 'H-1', '--kind', 'dealz'], 'items --kind: "dealz" is not a kind (tasks, activities, leads, deals,'],
    [['status', 'X-1'], 'status: expected a handoff such as H-3'],
    [['items', 'H-1', '--limit', '9999'], '--limit: expected 1 to 500'],
    [['api-key', 'create'], '--tenant <id> is required'],
  ])('exits 2 for bad usage: %j', async (argv, message) => {
    const { code, stderr } = await cli(argv);

    expect(code).toBe(2);
    expect(stderr).toContain(message);
  });

  it('exits 2 without an API key, and prints help with exit 0', async () => {
    const noKey = await cli(['history'], { env: { HANDOFF_API_KEY: '' } });
    const help = await cli(['help']);

    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toContain('HANDOFF_API_KEY');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('handoff start   --from <who> --to <target>');
  });

  it('creates an API key on the database, prints it once, and the key works against the server', async () => {
    const opened: string[] = [];
    const created = await cli(['api-key', 'create', '--tenant', 'tenant-a', '--name', 'payroll'], {
      env: { DATABASE_PATH: '/tmp/handoff-test.db' },
      io: {
        openApiKeys: async (database) => {
          opened.push(database.kind === 'sqlite' ? database.path : database.url);
          return {
            store: h.apiKeys,
            close: () => {
              opened.push('closed');
            },
          };
        },
      },
    });
    const key = created.stdout.trim();

    const withKey = await cli(['history', '--key', key]);

    expect(created.code).toBe(0);
    expect(created.stderr).toContain('API key "payroll" for tenant tenant-a');
    expect(key).toMatch(/^hnd_/);
    expect(opened).toEqual(['/tmp/handoff-test.db', 'closed']);
    expect(withKey.code).toBe(0);
    expect((await h.apiKeys.listApiKeys(TENANT_A)).map((k) => k.name)).toContain('payroll');
  });

  it('creates the key in MongoDB when MONGODB_URL is set, where the server then keeps its keys', async () => {
    const opened: string[] = [];

    const created = await cli(['api-key', 'create', '--tenant', 'tenant-a'], {
      env: { DATABASE_PATH: '/tmp/handoff-test.db', MONGODB_URL: 'mongodb://127.0.0.1:27017/handoff' },
      io: {
        openApiKeys: async (database) => {
          opened.push(database.kind);
          return { store: h.apiKeys, close: () => undefined };
        },
      },
    });

    expect(created.code).toBe(0);
    expect(opened).toEqual(['mongo']);
  });
});
