import { describe, expect, it } from 'vitest';
import { MAX_METADATA, newDraft, parseMetadata, toMetadata } from '../../../../../bot/slack/dialog/draft.js';
import { toPlanFromDraft } from '../../../../../bot/slack/dialog/plan.js';
import { submitReview, submitWhat, submitWhen } from '../../../../../bot/slack/dialog/steps.js';
import { whatView, whoView } from '../../../../../bot/slack/dialog/views.js';
import type { SlackIdentity } from '../../../../../bot/slack/identity.js';
import { toPortalUserId, toTenantId } from '../../../../../engine/ids.js';

const now = new Date('2026-11-20T10:00:00Z'); // a Friday
const deps = { clock: { now: () => now }, identity: {} as SlackIdentity };
const base = { ...newDraft({ teamId: 'T1', userId: 'UANNA', channelId: 'C1', timeZone: 'Europe/Kyiv' }) };
const state = (fields: Record<string, Record<string, unknown>>) =>
  Object.fromEntries(Object.entries(fields).map(([block, value]) => [block, { [block]: value }]));

describe('dialog draft', () => {
  it('round-trips through private_metadata and refuses anything else', () => {
    const text = toMetadata(base);

    expect(parseMetadata(text)).toEqual(base);
    expect(parseMetadata('{"v":2}')).toBeNull();
    expect(parseMetadata('not json')).toBeNull();
    expect(parseMetadata(undefined)).toBeNull();
  });

  it('stays far below 3000 characters even fully filled with every kind', () => {
    const full = {
      ...base,
      from: { slackUserId: 'UANNA', portalUserId: 12 },
      to: { type: 'department' as const, departmentId: 7, name: 'x'.repeat(200) },
      startAt: now.toISOString(),
      returnAt: now.toISOString(),
      kinds: Array.from({ length: 60 }, (_, i) => `spa:${1000 + i}`),
    };

    expect(toMetadata(full).length).toBeLessThan(MAX_METADATA);
    expect(whoView(full).private_metadata).toBe(toMetadata(full));
  });
});

describe('dialog steps', () => {
  it('reads the return phrase in the user’s zone (09:00 Kyiv), and a start before it', () => {
    const result = submitWhen(
      deps,
      base,
      state({
        start: { selected_option: { value: 'later' } },
        start_phrase: { value: 'Nov 23' },
        mode: { selected_option: { value: 'temporary' } },
        until: { value: 'Dec 3' },
      }),
    );

    expect(result).toMatchObject({
      ok: true,
      draft: { startAt: '2026-11-23T07:00:00.000Z', returnAt: '2026-12-03T07:00:00.000Z' },
    });
  });

  it.each([
    ['a missing return date', { mode: { selected_option: { value: 'temporary' } } }, 'until'],
    [
      'an unreadable date',
      { mode: { selected_option: { value: 'temporary' } }, until: { value: 'whenever' } },
      'until',
    ],
    [
      'a return before the start',
      {
        start: { selected_option: { value: 'later' } },
        start_phrase: { value: 'Dec 10' },
        mode: { selected_option: { value: 'temporary' } },
        until: { value: 'Dec 3' },
      },
      'until',
    ],
    ['a missing start date', { start: { selected_option: { value: 'later' } } }, 'start_phrase'],
  ])('puts %s on its field', (_name, fields, block) => {
    const result = submitWhen(deps, base, state(fields));

    expect(result.ok).toBe(false);
    expect(Object.keys(result.ok ? {} : result.errors)).toEqual([block]);
  });

  it('needs at least one kind, and reads the options of Review', () => {
    expect(submitWhat(base, state({ kinds: { selected_options: [] } }))).toMatchObject({
      ok: false,
      errors: { kinds: expect.any(String) },
    });
    expect(submitReview(base, state({ options: { selected_options: [{ value: 'dry_run' }] } }))).toMatchObject({
      dryRun: true,
      forceReturn: false,
      notify: false,
    });
  });

  it('offers a multi-select instead of checkboxes past 10 kinds', () => {
    const kinds = Array.from({ length: 12 }, (_, i) => ({ kind: `spa:${200 + i}` as const, label: `SP ${i}` }));

    const view = whatView(base, kinds);

    expect(JSON.stringify(view.blocks)).toContain('multi_static_select');
  });
});

describe('toPlanFromDraft', () => {
  it('builds a temporary plan with per-module overrides and the Slack origin', () => {
    const draft = {
      ...base,
      from: { slackUserId: 'UANNA', portalUserId: 12 },
      to: { type: 'user' as const, slackUserId: 'UBOB', portalUserId: 34 },
      overrides: { tasks: { type: 'head' as const } },
      kinds: ['deals', 'tasks'],
      returnAt: '2026-12-03T07:00:00.000Z',
    };

    const plan = toPlanFromDraft(draft, {
      tenantId: toTenantId('t'),
      initiator: { portalUserId: toPortalUserId(12), label: 'slack:UANNA' },
    });

    expect(plan).toMatchObject({
      fromUserId: 12,
      to: { type: 'user', userId: 34 },
      targets: { tasks: { type: 'head' } },
      kinds: ['deals', 'tasks'],
      when: { mode: 'temporary', returnAt: new Date('2026-12-03T07:00:00.000Z') },
      origin: { surface: 'slack', ref: { teamId: 'T1', userId: 'UANNA', channelId: 'C1' } },
    });
    expect(
      toPlanFromDraft(base, { tenantId: toTenantId('t'), initiator: { portalUserId: toPortalUserId(1), label: 'x' } }),
    ).toBeNull();
  });
});
