/**
 * `help`: the command grammar with examples (ARCHITECTURE.md, "Command grammar"), as a surface-neutral reply.
 * @module
 */
import type { HelpReply } from './reply.js';

export function helpReply(): HelpReply {
  return {
    type: 'help',
    title: 'Handoff moves CRM items and tasks from one person to another, now or until a date.',
    sections: [
      {
        title: 'Hand off work',
        lines: [
          { usage: '/handoff', text: 'open the dialog (Who → When → What → Review)' },
          { usage: '/handoff @from to @to [options]', text: 'preview a permanent handoff, then Start or Dismiss' },
          { usage: '/handoff @from to @to until <when> [options]', text: 'temporary: everything comes back at <when>' },
          { usage: '/handoff @from to head [options]', text: "to the from-user's head" },
          { usage: '/handoff @from to dept <name|id> [options]', text: "spread over a department's active members" },
          {
            usage: '/handoff vacation @from backup @to from <when> until <when>',
            text: 'schedule cover for a vacation',
          },
          { usage: '/handoff preview …', text: 'show the counts only, without a Start button' },
        ],
      },
      {
        title: 'Options',
        lines: [
          {
            usage: 'only <kind,kind,…>',
            text: 'just these kinds: deals, leads, contacts, companies, quotes, invoices, activities, tasks, crm, spa:<id>',
          },
          { usage: 'except <kind,…>', text: 'every kind but these' },
          { usage: '<kind,…> to @someone', text: 'a different receiver for some kinds, e.g. `tasks to @carol`' },
          { usage: 'starting <when>', text: 'start later instead of now' },
          { usage: 'dry-run', text: 'list what would move, change nothing' },
          { usage: 'force-return', text: 'on return, take back items changed by hand too' },
          { usage: 'all-items', text: 'closed items too (default: open only)' },
          { usage: 'quiet', text: 'no direct messages to the people involved' },
        ],
      },
      {
        title: 'Follow up',
        lines: [
          { usage: '/handoff status [H-n]', text: 'progress of a handoff (yours, when no number)' },
          { usage: '/handoff history', text: 'recent handoffs' },
          { usage: '/handoff console', text: 'a private link to the web console (works for 15 minutes)' },
          { usage: '/handoff cancel H-n', text: 'stop after the current batch' },
          { usage: '/handoff retry H-n', text: 'run the failed items again' },
          { usage: '/handoff return H-n [force]', text: 'bring a temporary handoff back now' },
          { usage: '/handoff undo H-n', text: 'give back everything a handoff moved' },
          {
            usage: '/handoff vacation H-n [from <when>] [until <when>]',
            text: 'move a vacation: shorten, extend or shift it (`until now` ends it)',
          },
          {
            usage: '/handoff vacation cancel H-n',
            text: 'call a vacation off (before its start: cancelled; after: back now)',
          },
          { usage: '/handoff link @user <portal user id>', text: 'tell Handoff who someone is in Bitrix24' },
          { usage: '/handoff hr [list | add @user | remove @user]', text: "who may hand off anyone's work (admins)" },
        ],
      },
      {
        title: 'Roles (for the robot "Change Related Responsible")',
        lines: [
          { usage: '/handoff roles', text: 'the named roles and who holds each' },
          { usage: '/handoff role set <name> @person', text: 'who holds a role from now on (portal admins)' },
          { usage: '/handoff role set <name> dept <name|id>', text: "the department's least busy member, per deal" },
          { usage: '/handoff role set <name> head <department>', text: 'whoever heads the department that day' },
          { usage: '/handoff role remove <name>', text: 'drop a role' },
        ],
      },
    ],
    examples: [
      '/handoff @anna to @bob until next Monday 9am',
      '/handoff @anna to head only deals,leads',
      '/handoff @anna to dept Sales except tasks tasks to @carol',
      '/handoff vacation @anna backup @bob from Dec 20 until Jan 5',
      '/handoff status H-3',
    ],
  };
}
