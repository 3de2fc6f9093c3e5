/**
 * `hr list|add|remove` (issue 12): the tenant's HR people, who may hand off anyone's work. The surface supplies the
 * store access (and refuses anyone but a portal admin); this turns it into replies.
 * @module
 */
import type { Command } from './command.js';
import type { Reply } from './reply.js';
import type { RunDeps } from './run-context.js';
import { errorReply } from './run-follow-ups.js';

type HrCommand = Extract<Command, { type: 'hr' }>;

export async function runHr(command: HrCommand, deps: RunDeps): Promise<Reply> {
  const hr = deps.hr;
  if (hr === undefined) return errorReply('not_supported', { word: 'hr' });
  if (command.action === 'list') {
    const people = await hr.list();
    return {
      type: 'text',
      tone: 'info',
      text:
        people.length === 0
          ? 'No HR people yet. A portal admin adds one with `hr add @someone`; they may then hand off anyone’s work.'
          : `HR people (they may hand off anyone’s work): ${people.join(', ')}.`,
    };
  }
  if (command.action === 'add') {
    const added = await hr.add(command.person);
    if (!added.ok) return errorReply(added.problem.code, added.problem);
    const { name } = added.value;
    return {
      type: 'text',
      tone: 'success',
      text: added.value.added
        ? `${name} is now an HR person: they may hand off anyone’s work.`
        : `${name} already was an HR person.`,
    };
  }
  const removed = await hr.remove(command.person);
  if (!removed.ok) return errorReply(removed.problem.code, removed.problem);
  return {
    type: 'text',
    tone: removed.value.removed ? 'success' : 'info',
    text: removed.value.removed
      ? `${removed.value.name} is no longer an HR person.`
      : `${removed.value.name} was not an HR person.`,
  };
}
