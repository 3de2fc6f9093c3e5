/**
 * What each dialog step does with a submission: read the fields, check them (people, permission, dates, kinds) and
 * either return errors per block or the next draft. No Slack calls except through the identity port.
 * @module
 */
import { parseWhen } from '../../../commands/dates.js';
import { checkHandoffPermission } from '../../../commands/handoff-permission.js';
import { problemMessage } from '../../../commands/messages.js';
import { formatInstant } from '../../../commands/time-zone.js';
import type { Clock } from '../../../engine/ports.js';
import type { HrPeopleStore } from '../../../storage/hr-people-store.js';
import { isHrSpeaker } from '../../hr-access.js';
import type { WebClient } from '../clients.js';
import type { SlackIdentity } from '../identity.js';
import type { SlackTenant } from '../ports.js';
import { identityProblemText, notAllowedText, TEXTS } from '../texts.js';
import type { Draft, DraftTarget } from './draft.js';
import { selectedOption, selectedOptions, selectedUser, textValue, type ViewState } from './state.js';

export type StepResult =
  | { readonly ok: true; readonly draft: Draft }
  | { readonly ok: false; readonly errors: Record<string, string> };

export interface StepDeps {
  readonly identity: SlackIdentity;
  readonly clock: Clock;
  readonly hrPeople?: HrPeopleStore;
}

const fail = (errors: Record<string, string>): StepResult => ({ ok: false, errors });

async function personTarget(
  deps: StepDeps,
  client: WebClient,
  tenant: SlackTenant,
  slackUserId: string,
  fromSlackId: string,
  fromPortalId: number,
): Promise<DraftTarget | string> {
  if (slackUserId === fromSlackId) return TEXTS.samePerson;
  const found = await deps.identity.resolve(client, tenant, slackUserId);
  if (!found.ok) return identityProblemText(found.problem);
  if (found.value.user.id === fromPortalId) return TEXTS.samePerson;
  return { type: 'user', slackUserId, portalUserId: found.value.user.id };
}

export async function submitWho(
  deps: StepDeps,
  client: WebClient,
  tenant: SlackTenant,
  draft: Draft,
  state: ViewState,
): Promise<StepResult> {
  const fromSlack = selectedUser(state, 'from');
  if (fromSlack === null) return fail({ from: TEXTS.pickPerson });
  const [actor, from] = await Promise.all([
    deps.identity.resolve(client, tenant, draft.userId),
    deps.identity.resolve(client, tenant, fromSlack),
  ]);
  if (!actor.ok) return fail({ from: identityProblemText(actor.problem) });
  if (!from.ok) return fail({ from: identityProblemText(from.problem) });
  const fromUser = from.value.user;
  const hr = await isHrSpeaker(deps.hrPeople, tenant.tenantId, {
    portalUserId: actor.value.user.id,
    slackUserId: draft.userId,
  });
  const permission = await checkHandoffPermission(tenant.workSystem, actor.value.user, fromUser.id, { hr });
  if (!permission.ok) return fail({ from: notAllowedText(fromUser.name, permission.heads) });

  const type = selectedOption(state, 'target_type') ?? 'user';
  let to: DraftTarget;
  if (type === 'user') {
    const slackUserId = selectedUser(state, 'to');
    if (slackUserId === null) return fail({ to: TEXTS.pickPerson });
    const target = await personTarget(deps, client, tenant, slackUserId, fromSlack, fromUser.id);
    if (typeof target === 'string') return fail({ to: target });
    to = target;
  } else if (type === 'head') {
    const heads = await tenant.workSystem.headsOf(fromUser.id);
    if (heads.length === 0) return fail({ target_type: TEXTS.noHead });
    if (heads.length > 1) return fail({ target_type: TEXTS.severalHeads(heads.map((h) => h.user.name).join(', ')) });
    to = { type: 'head' };
  } else {
    const text = textValue(state, 'department');
    if (text === null) return fail({ department: TEXTS.pickDepartment });
    const byId = /^\d+$/.test(text) ? await tenant.workSystem.getDepartment(Number(text)) : null;
    const found = byId !== null ? [byId] : await tenant.workSystem.findDepartments(text);
    if (found.length === 0) return fail({ department: TEXTS.noDepartment(text) });
    const exact = found.filter((d) => d.name.toLowerCase() === text.toLowerCase());
    const pick = found.length === 1 ? found : exact;
    if (pick.length !== 1 || pick[0] === undefined) {
      return fail({ department: TEXTS.severalDepartments(found.map((d) => `${d.name} (${d.id})`).join(', ')) });
    }
    to = { type: 'department', departmentId: pick[0].id, name: pick[0].name };
  }

  const overrides: Draft['overrides'] = {};
  for (const [block, key] of [
    ['tasks_to', 'tasks'],
    ['crm_to', 'crm'],
  ] as const) {
    const slackUserId = selectedUser(state, block);
    if (slackUserId === null) continue;
    const target = await personTarget(deps, client, tenant, slackUserId, fromSlack, fromUser.id);
    if (typeof target === 'string') return fail({ [block]: target });
    overrides[key] = target;
  }

  return {
    ok: true,
    draft: {
      ...draft,
      timeZone: actor.value.profile.timeZone,
      from: { slackUserId: fromSlack, portalUserId: fromUser.id },
      to,
      overrides,
    },
  };
}

/** Reads a date phrase in the draft's zone; a sentence on failure. */
export function readWhen(phrase: string, draft: Draft, now: Date): { at: Date; echo: string } | string {
  const parsed = parseWhen(phrase, { now, timeZone: draft.timeZone });
  if (!parsed.ok) return problemMessage(parsed.problem);
  return { at: parsed.value.at, echo: parsed.value.echo.text };
}

export function submitWhen(deps: StepDeps, draft: Draft, state: ViewState): StepResult {
  const now = deps.clock.now();
  const errors: Record<string, string> = {};
  let startAt: Date | undefined;
  let returnAt: Date | undefined;
  if (selectedOption(state, 'start') === 'later') {
    const phrase = textValue(state, 'start_phrase');
    const read = phrase === null ? TEXTS.giveStart : readWhen(phrase, draft, now);
    if (typeof read === 'string') errors.start_phrase = read;
    else startAt = read.at;
  }
  if (selectedOption(state, 'mode') === 'temporary') {
    const phrase = textValue(state, 'until');
    const read = phrase === null ? TEXTS.giveReturn : readWhen(phrase, draft, now);
    if (typeof read === 'string') errors.until = read;
    else returnAt = read.at;
  }
  if (returnAt !== undefined && startAt !== undefined && returnAt <= startAt) errors.until = TEXTS.returnBeforeStart;
  if (Object.keys(errors).length > 0) return fail(errors);
  const { startAt: _s, returnAt: _r, ...rest } = draft;
  return {
    ok: true,
    draft: {
      ...rest,
      ...(startAt === undefined ? {} : { startAt: startAt.toISOString() }),
      ...(returnAt === undefined ? {} : { returnAt: returnAt.toISOString() }),
    },
  };
}

export function submitWhat(draft: Draft, state: ViewState): StepResult {
  const kinds = selectedOptions(state, 'kinds');
  if (kinds.length === 0) return fail({ kinds: TEXTS.pickKinds });
  return { ok: true, draft: { ...draft, kinds, allItems: selectedOptions(state, 'scope').includes('all_items') } };
}

export function submitReview(draft: Draft, state: ViewState): Draft {
  const options = selectedOptions(state, 'options');
  return {
    ...draft,
    dryRun: options.includes('dry_run'),
    forceReturn: options.includes('force_return'),
    notify: options.includes('notify'),
  };
}

/** The echo lines under the date fields of the When view ("Returns Mon 30 Nov 2026, 09:00 (Europe/Kyiv)"). */
export function echoOf(draft: Draft): { start?: string; until?: string } {
  return {
    ...(draft.startAt ? { start: formatInstant(new Date(draft.startAt), draft.timeZone) } : {}),
    ...(draft.returnAt ? { until: formatInstant(new Date(draft.returnAt), draft.timeZone) } : {}),
  };
}
