import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PEOPLE, type SlackWorld, STRANGER, startSlackWorld } from './slack-world.js';

let world: SlackWorld;
beforeAll(async () => {
  world = await startSlackWorld();
});
afterAll(async () => {
  await world?.close();
});

interface View {
  callback_id?: string;
  private_metadata?: string;
  blocks: { type: string; text?: { text: string } }[];
}

type Values = Record<string, Record<string, Record<string, unknown>>>;
const user = (id: string) => ({ type: 'users_select', selected_user: id });
const radio = (value: string) => ({ type: 'radio_buttons', selected_option: { value } });
const text = (value: string | null) => ({ type: 'plain_text_input', value });
const checks = (...values: string[]) => ({ type: 'checkboxes', selected_options: values.map((value) => ({ value })) });
const values = (fields: Record<string, Record<string, unknown>>): Values =>
  Object.fromEntries(Object.entries(fields).map(([block, value]) => [block, { [block]: value }]));

async function openDialog(by: string): Promise<View> {
  const before = world.slack.callsOf('views.open').length;
  await world.command('', { user: by });
  await expect.poll(() => world.slack.callsOf('views.open').length).toBe(before + 1);
  return world.slack.callsOf('views.open').at(-1)?.args.view as View;
}

async function submit(
  view: View,
  by: string,
  state: Values,
): Promise<{ response_action?: string; view?: View; errors?: Record<string, string> }> {
  const response = await world.interaction({
    type: 'view_submission',
    user: { id: by },
    trigger_id: 'trigger-submit',
    view: {
      id: 'V0DIALOG',
      type: 'modal',
      hash: 'h1',
      callback_id: view.callback_id,
      private_metadata: view.private_metadata,
      state: { values: state },
    },
  });
  expect(response.status).toBe(200);
  const body = await response.text();
  return body === '' ? {} : JSON.parse(body);
}

const sectionText = (view: View | undefined) => (view?.blocks ?? []).map((b) => b.text?.text ?? '').join('\n');

describe('/handoff dialog: Who → When → What → Review → Start', () => {
  it.each([
    ['the same person twice', PEOPLE.admin.slack, { to: user(PEOPLE.anna.slack) }, 'to'],
    ['an unknown user', PEOPLE.admin.slack, { to: user(STRANGER) }, 'to'],
    ['someone not allowed', PEOPLE.eve.slack, { to: user(PEOPLE.bob.slack) }, 'from'],
  ])('shows %s as an error on the field and goes no further', async (_name, by, fields, block) => {
    const who = await openDialog(by);

    const answer = await submit(
      who,
      by,
      values({ from: user(PEOPLE.anna.slack), target_type: radio('user'), ...fields }),
    );

    expect(answer.response_action).toBe('errors');
    expect(Object.keys(answer.errors ?? {})).toEqual([block]);
    expect(answer.errors?.[block]?.length).toBeGreaterThan(10);
    expect(await world.service.list(world.tenantId)).toEqual([]);
  });

  it('shows a bad return date on the field', async () => {
    const who = await openDialog(PEOPLE.admin.slack);
    const when = await submit(
      who,
      PEOPLE.admin.slack,
      values({ from: user(PEOPLE.anna.slack), target_type: radio('user'), to: user(PEOPLE.bob.slack) }),
    );

    const answer = await submit(
      when.view as View,
      PEOPLE.admin.slack,
      values({ start: radio('now'), mode: radio('temporary'), until: text('yesterday') }),
    );

    expect(answer).toMatchObject({ response_action: 'errors', errors: { until: expect.stringMatching(/has passed/) } });
  });

  it('moves exactly Anna’s open deals and tasks to Bob, with counts on Review and the return date echoed in her zone', async () => {
    const annaDeals = world.owned('deals', PEOPLE.anna.portal);
    const annaTasks = world.owned('tasks', PEOPLE.anna.portal);
    const annaContacts = world.owned('contacts', PEOPLE.anna.portal);
    const by = PEOPLE.anna.slack;
    const who = await openDialog(by);

    const when = await submit(
      who,
      by,
      values({ from: user(PEOPLE.anna.slack), target_type: radio('user'), to: user(PEOPLE.bob.slack) }),
    );
    expect(when.response_action).toBe('update');
    expect(when.view?.callback_id).toBe('handoff_when');

    const what = await submit(
      when.view as View,
      by,
      values({ start: radio('now'), mode: radio('temporary'), until: text('in 2 weeks') }),
    );
    expect(what.view?.callback_id).toBe('handoff_what');
    const metadata = JSON.parse(what.view?.private_metadata ?? '{}') as { returnAt?: string; timeZone?: string };
    expect(metadata.timeZone).toBe('Europe/Kyiv');
    expect(metadata.returnAt).toBeDefined();

    const updatesBefore = world.slack.callsOf('views.update').length;
    const review = await submit(what.view as View, by, values({ kinds: checks('deals', 'tasks'), scope: checks() }));
    expect(review.view?.callback_id).toBe('handoff_review');
    await expect
      .poll(() =>
        world.slack
          .callsOf('views.update')
          .slice(updatesBefore)
          .some(
            (c) =>
              (c.args.view as View).callback_id === 'handoff_review' &&
              sectionText(c.args.view as View).includes('Deals:'),
          ),
      )
      .toBe(true);
    const reviewView = world.slack
      .callsOf('views.update')
      .filter((c) => (c.args.view as View).callback_id === 'handoff_review')
      .at(-1)?.args.view as View;
    expect(sectionText(reviewView)).toContain(`Deals: ${annaDeals.length}`);
    expect(sectionText(reviewView)).toContain(`Tasks: ${annaTasks.length}`);
    expect(sectionText(reviewView)).toContain('Europe/Kyiv');
    expect(world.owned('deals', PEOPLE.anna.portal)).toEqual(annaDeals);

    // A double submission (retry, second click) must not start two handoffs: the draft id is the idempotency key.
    const [started] = await Promise.all([
      submit(reviewView, by, values({ options: checks('notify') })),
      submit(reviewView, by, values({ options: checks('notify') })),
    ]);
    expect(started.response_action).toBe('update');
    await expect
      .poll(() => sectionText(world.slack.callsOf('views.update').at(-1)?.args.view as View))
      .toMatch(/H-1 started/);
    await expect
      .poll(async () => (await world.service.list(world.tenantId))[0]?.handoff.status)
      .toBe('return_scheduled');
    await world.settle();

    expect(await world.service.list(world.tenantId)).toHaveLength(1);
    expect(world.owned('deals', PEOPLE.anna.portal)).toEqual([]);
    expect(world.owned('tasks', PEOPLE.anna.portal)).toEqual([]);
    expect(world.owned('contacts', PEOPLE.anna.portal)).toEqual(annaContacts);
    expect(world.owned('deals', PEOPLE.bob.portal)).toEqual(expect.arrayContaining(annaDeals));
    expect(world.owned('tasks', PEOPLE.bob.portal)).toEqual(expect.arrayContaining(annaTasks));
    expect(world.slack.unknown).toEqual([]);
  });
});
