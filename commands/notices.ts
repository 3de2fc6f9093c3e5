/**
 * The words of non-error replies: summaries, notes, button labels and notices. Error sentences live in
 * messages.ts; this is their counterpart for everything that went fine.
 * @module
 */
import type { ReplyAction, ReplyActionId } from './reply.js';

/** "deals", "deals and tasks", "deals, leads and tasks". */
export function listText(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

export interface SummaryFacts {
  readonly fromName: string;
  readonly toText: string;
  /** Lower-case kind labels, empty for every kind. */
  readonly kinds: readonly string[];
  readonly allItems: boolean;
  readonly startText?: string;
  readonly returnText?: string;
  readonly dryRun: boolean;
}

/** "Move Anna's open deals and tasks to Bob from … until …". */
export function previewSummary(f: SummaryFacts): string {
  const what = f.kinds.length > 0 ? listText(f.kinds) : 'items and tasks';
  const scope = f.allItems ? 'all' : 'open';
  const verb = f.dryRun ? 'Dry run: would move' : 'Move';
  const start = f.startText ? ` from ${f.startText}` : '';
  const until = f.returnText ? ` until ${f.returnText}` : ' for good';
  return `${verb} ${f.fromName}'s ${scope} ${what} to ${f.toText}${start}${until}.`;
}

export const NOTES = {
  nothingToMove: 'Nothing to move: the selection is empty. Add `all-items` to include closed ones.',
  dryRun: 'Dry run: items are listed, nothing changes in Bitrix24.',
  quiet: 'Quiet: participants get no direct messages.',
  forceReturn: 'Force return: items changed by hand in the meantime are taken back too.',
  previewOnly: 'Preview only. Send the same command without `preview` to get a Start button.',
  scheduled: (startText: string) => `Nothing moves before ${startText}.`,
} as const;

const LABELS: Readonly<Record<ReplyActionId, string>> = {
  start: 'Start',
  dismiss: 'Dismiss',
  cancel: 'Cancel handoff',
  retry: 'Retry failed',
  return_now: 'Return now',
  undo: 'Undo',
  choose_head: 'Choose',
  hand_to_backup: 'Hand to the backup instead',
  status: 'Status',
  request_approval: 'Ask for approval',
  approve: 'Approve',
  decline: 'Decline',
};

/** A button; destructive ones ask first. */
export function action(id: ReplyActionId, value: string, label: string = LABELS[id]): ReplyAction {
  switch (id) {
    case 'start':
      return { id, label, value, style: 'primary' };
    case 'cancel':
      return {
        id,
        label,
        value,
        style: 'danger',
        confirm: {
          title: `Cancel ${value}?`,
          text: 'It stops after the current batch. What already moved stays moved; "Undo" or "Return now" gives it back.',
          yes: 'Cancel handoff',
          no: 'Keep going',
        },
      };
    case 'undo':
      return {
        id,
        label,
        value,
        style: 'danger',
        confirm: {
          title: `Undo ${value}?`,
          text: 'Every item it moved goes back to its original owner, except items changed by hand since.',
          yes: 'Undo',
          no: 'Keep',
        },
      };
    default:
      return { id, label, value };
  }
}

export const NOTICES = {
  dismissed: 'Dismissed. Nothing changed.',
  consoleLink: (until: string) =>
    `Here is your private link to the Handoff console. It works until ${until}; don't share it: it signs you in.`,
  consoleLabel: 'Open the Handoff console',
  started: (ref: string) => `${ref} has started.`,
  scheduled: (ref: string, when: string) => `${ref} is scheduled for ${when}.`,
  alreadyStarted: (ref: string) => `${ref} was already started from this preview.`,
  noActive: 'You have no active handoffs. `history` lists past ones.',
  noHistory: 'No handoffs yet. Try `help` to see how to start one.',
  /** Chat lists only the handoffs the speaker is part of: say so, or "no handoffs yet" reads false. */
  noHistoryOfYours: 'No handoffs you are part of yet. Try `help` to see how to start one.',
  activeTitle: 'Active handoffs',
  historyTitle: 'Recent handoffs',
  cancelRequested: (ref: string) => `${ref} will stop after its current batch. What already moved stays moved.`,
  cancelled: (ref: string) => `${ref} is cancelled.`,
  retrying: (ref: string) => `Retrying the failed items of ${ref}.`,
  returning: (ref: string) => `${ref} is returning everything now.`,
  undoing: (ref: string) => `Undoing ${ref}: items go back to their original owners.`,
  linked: (who: string, id: number) => `Linked ${who} to Bitrix24 user #${id}.`,
  roleSet: (name: string, holder: string) =>
    `Role ${name} is now held by ${holder}. Robots that name it hand work to them from now on.`,
  roleRemoved: (name: string) => `Role ${name} removed. Robots that still name it will report it as undefined.`,
  noRoles: 'No roles yet. Define one: `role set paralegal @kim` (or `dept <name>`, `head <department>`).',
  rolesList: (lines: readonly string[]) => `Roles:\n${lines.join('\n')}`,
  rolesAdminOnly: 'Only a portal admin can change roles.',
  chooseHead: (name: string) => `${name} has several heads. Whose should get the work?`,
  headOf: (name: string) => `${name}'s head`,
  department: (name: string | undefined, id: number) => (name ? `department ${name}` : `department #${id}`),
  userFallback: (id: number) => `user #${id}`,
} as const;
