/**
 * The dialog's modal views: Who → When → What → Review, then a result view. Each view carries the draft in
 * private_metadata; block_id = action_id for every input, so state reads are uniform (dialog/state.ts).
 * Limits: title/submit/close ≤ 24 chars, option text ≤ 75, ≤ 10 checkbox options (slack.md §2.4).
 * @module
 */
import type { KindInfo } from '../../../engine/kinds.js';
import { type Block, clip, compact, context, section } from '../render/blocks.js';
import { type Draft, toMetadata } from './draft.js';

export const CALLBACKS = {
  who: 'handoff_who',
  when: 'handoff_when',
  what: 'handoff_what',
  review: 'handoff_review',
} as const;
export type Step = keyof typeof CALLBACKS;

export interface ModalView {
  readonly type: 'modal';
  readonly callback_id?: string;
  readonly title: { type: 'plain_text'; text: string };
  readonly submit?: { type: 'plain_text'; text: string };
  readonly close: { type: 'plain_text'; text: string };
  readonly private_metadata?: string;
  readonly blocks: Block[];
}

const plain = (text: string) => ({ type: 'plain_text' as const, text: clip(text, 75) });
const option = (value: string, text: string, description?: string) => ({
  text: plain(text),
  value,
  ...(description === undefined ? {} : { description: plain(description) }),
});

function modal(
  step: Step | undefined,
  title: string,
  submit: string | undefined,
  blocks: Block[],
  draft?: Draft,
): ModalView {
  return {
    type: 'modal',
    ...(step === undefined ? {} : { callback_id: CALLBACKS[step] }),
    title: plain(clip(title, 24)),
    ...(submit === undefined ? {} : { submit: plain(clip(submit, 24)) }),
    close: plain('Close'),
    ...(draft === undefined ? {} : { private_metadata: toMetadata(draft) }),
    blocks: compact(blocks, 100),
  };
}

function input(id: string, label: string, el: Record<string, unknown>, extra: Record<string, unknown> = {}): Block {
  return { type: 'input', block_id: id, label: plain(label), element: { ...el, action_id: id }, ...extra };
}

const radio = (options: ReturnType<typeof option>[], initial?: string) => ({
  type: 'radio_buttons',
  options,
  ...(initial === undefined ? {} : { initial_option: options.find((o) => o.value === initial) }),
});

function userSelect(initial: string | undefined, placeholder: string) {
  return { type: 'users_select', placeholder: plain(placeholder), ...(initial ? { initial_user: initial } : {}) };
}

function overrideUser(target: Draft['overrides']['tasks']): string | undefined {
  return target?.type === 'user' ? target.slackUserId : undefined;
}

export function whoView(draft: Draft): ModalView {
  const to = draft.to;
  const targetOptions = [
    option('user', 'A person'),
    option('head', "Their head (the from-user's department head)"),
    option('department', 'A department (shared evenly among its members)'),
  ];
  return modal(
    'who',
    'Handoff · Who',
    'Next',
    [
      input('from', 'Whose work moves', userSelect(draft.from?.slackUserId ?? draft.userId, 'Pick a person')),
      input('target_type', 'Where it goes', radio(targetOptions, to?.type ?? 'user')),
      input(
        'to',
        'The person (when "A person")',
        userSelect(to?.type === 'user' ? to.slackUserId : undefined, 'Pick a person'),
        {
          optional: true,
        },
      ),
      input(
        'department',
        'The department (when "A department")',
        {
          type: 'plain_text_input',
          placeholder: plain('Name or id, e.g. Sales'),
          ...(to?.type === 'department' ? { initial_value: to.name } : {}),
        },
        { optional: true },
      ),
      input(
        'tasks_to',
        'Tasks to someone else (optional)',
        userSelect(overrideUser(draft.overrides.tasks), 'Same as above'),
        {
          optional: true,
        },
      ),
      input(
        'crm_to',
        'CRM items to someone else (optional)',
        userSelect(overrideUser(draft.overrides.crm), 'Same as above'),
        {
          optional: true,
        },
      ),
    ],
    draft,
  );
}

export function whenView(draft: Draft, echo?: { start?: string; until?: string }): ModalView {
  return modal(
    'when',
    'Handoff · When',
    'Next',
    [
      input(
        'start',
        'Start',
        radio([option('now', 'Now'), option('later', 'Later (give a date below)')], draft.startAt ? 'later' : 'now'),
      ),
      input(
        'start_phrase',
        'Start date',
        { type: 'plain_text_input', placeholder: plain('e.g. Dec 20 9am') },
        { optional: true, dispatch_action: true },
      ),
      echo?.start ? context(`Starts ${echo.start}`) : undefined,
      input(
        'mode',
        'How long',
        radio(
          [option('permanent', 'For good'), option('temporary', 'Until a date, then everything comes back')],
          draft.returnAt ? 'temporary' : 'permanent',
        ),
      ),
      input(
        'until',
        'Return date',
        { type: 'plain_text_input', placeholder: plain('e.g. next Monday 9am, in 2 weeks, Dec 3') },
        { optional: true, dispatch_action: true, hint: plain(`Read in your time zone (${draft.timeZone}).`) },
      ),
      echo?.until ? context(`Returns ${echo.until}`) : undefined,
    ].filter((b): b is Block => b !== undefined),
    draft,
  );
}

export function whatView(draft: Draft, kinds: readonly KindInfo[], counts?: ReadonlyMap<string, number>): ModalView {
  const options = kinds.map((k) => {
    const count = counts?.get(k.kind);
    return option(k.kind, k.label, count === undefined ? undefined : `${count} open`);
  });
  const selected = draft.kinds ?? kinds.map((k) => k.kind);
  const initial = options.filter((o) => selected.includes(o.value));
  const kindElement =
    options.length <= 10
      ? { type: 'checkboxes', options, ...(initial.length > 0 ? { initial_options: initial } : {}) }
      : {
          type: 'multi_static_select',
          placeholder: plain('Pick kinds'),
          options: options.slice(0, 100),
          ...(initial.length > 0 ? { initial_options: initial.slice(0, 100) } : {}),
        };
  const scope = [option('all_items', 'Closed items too (default: open only)')];
  return modal(
    'what',
    'Handoff · What',
    'Review',
    [
      input('kinds', 'What moves', kindElement),
      counts === undefined ? context('Counting open items…') : undefined,
      input(
        'scope',
        'Which items',
        { type: 'checkboxes', options: scope, ...(draft.allItems ? { initial_options: scope } : {}) },
        { optional: true },
      ),
    ].filter((b): b is Block => b !== undefined),
    draft,
  );
}

/** The rendered preview (counts per kind and receiver) and how many items would move. */
export interface ReviewContent {
  readonly blocks: readonly Block[];
  readonly total: number;
}

export function reviewView(draft: Draft, review: ReviewContent | { readonly problem: string } | 'counting'): ModalView {
  if (review === 'counting')
    return modal('review', 'Handoff · Review', undefined, [section('Counting what would move…')], draft);
  if ('problem' in review)
    return modal('review', 'Handoff · Review', undefined, [section(`:warning: ${review.problem}`)], draft);
  const options = [
    option('dry_run', 'Dry run (record what would move, change nothing)'),
    option('force_return', 'Force return (take back items changed since)'),
    option('notify', 'Tell the people involved (DMs)'),
  ];
  const initial = options.filter(
    (o) =>
      (o.value === 'dry_run' && draft.dryRun) ||
      (o.value === 'force_return' && draft.forceReturn) ||
      (o.value === 'notify' && draft.notify),
  );
  return modal(
    'review',
    'Handoff · Review',
    review.total > 0 ? 'Start' : undefined,
    [
      ...review.blocks,
      review.total > 0
        ? input(
            'options',
            'Options',
            { type: 'checkboxes', options, ...(initial.length > 0 ? { initial_options: initial } : {}) },
            { optional: true },
          )
        : undefined,
    ].filter((b): b is Block => b !== undefined),
    draft,
  );
}

/** A closing view (started, failed, not allowed); no submit. */
export function messageView(title: string, text: string): ModalView {
  return modal(undefined, title, undefined, [section(text)]);
}
