/**
 * `handoff hr …` (issue 12): the tenant's HR people through /api/v1/hr-people.
 *   hr [list]                         who may hand off anyone's work
 *   hr add <12 | anna@acme.com | slack:U0123ABCD>
 *   hr remove <12 | portal:12 | slack:U0123ABCD>
 * @module
 */
import type { HrPeopleOut } from '../api/hr-people-routes.js';
import type { ApiClient } from './api-client.js';
import { CliUsageError } from './plan-flags.js';

export interface HrRun {
  readonly args: readonly string[];
  api(): ApiClient;
  print(json: unknown, text: string): void;
}

function render(list: HrPeopleOut): string {
  if (list.people.length === 0) return 'No HR people yet: handoff hr add <user id | e-mail | slack:U…>.\n';
  return `${list.people.map((p) => `${p.person.padEnd(20)} added by ${p.addedBy}`).join('\n')}\n`;
}

function bodyOf(word: string): Record<string, unknown> {
  const value = word.trim();
  const slack = /^slack:([UW][A-Z0-9]{2,})$/.exec(value);
  if (slack?.[1]) return { slackUserId: slack[1] };
  const portal = /^(?:portal:)?(\d{1,12})$/.exec(value);
  if (portal?.[1] && Number(portal[1]) > 0) return { portalUserId: Number(portal[1]) };
  if (/^[^\s@]+@[^\s@]+$/.test(value)) return { email: value };
  throw new CliUsageError(`hr add: expected a portal user id (12), an e-mail or slack:<Slack user id>, got "${word}".`);
}

function keyOf(word: string): string {
  const value = word.trim();
  if (/^\d{1,12}$/.test(value)) return `portal:${value}`;
  if (/^(?:portal:\d{1,12}|slack:[UW][A-Z0-9]{2,})$/.test(value)) return value;
  throw new CliUsageError(`hr remove: expected 12, portal:12 or slack:<Slack user id>, got "${word}".`);
}

export async function runHrCommand(run: HrRun): Promise<void> {
  const [sub = 'list', who] = run.args;
  if (sub === 'list') {
    const list = await run.api().get<HrPeopleOut>('/api/v1/hr-people');
    return run.print(list, render(list));
  }
  if (sub !== 'add' && sub !== 'remove')
    throw new CliUsageError(`hr: unknown subcommand "${sub}" (list, add, remove).`);
  if (who === undefined) throw new CliUsageError(`hr ${sub}: who? (a portal user id, an e-mail or slack:U…)`);
  const list =
    sub === 'add'
      ? await run.api().post<HrPeopleOut>('/api/v1/hr-people', bodyOf(who))
      : await run.api().delete<HrPeopleOut>(`/api/v1/hr-people/${encodeURIComponent(keyOf(who))}`);
  run.print(list, render(list));
}
