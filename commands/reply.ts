/**
 * The surface-neutral reply model: what commands/run.ts answers and every surface (Slack, Bitrix24 chat, CLI)
 * renders. Plain, JSON-safe data only (instants are ISO strings plus a display text), so a reply can cross a queue.
 * Stable contract: add fields or variants, never rename or remove (pinned in test/unit/commands/reply.test.ts).
 * @module
 */
import type { HandoffErrorCode } from '../engine/errors.js';
import type { PortalUserId } from '../engine/ids.js';
import type { EntityKind } from '../engine/kinds.js';
import type { HandoffStatus, ItemStatus, StatusCounts } from '../engine/model.js';
import type { PersonRef } from './person-ref.js';
import type { ProblemCode } from './problems.js';

/** A person as a reply shows them. */
export interface ReplyPerson {
  /** Display name, e.g. "Anna Petrenko"; falls back to "user #12". */
  readonly name: string;
  readonly portalUserId?: PortalUserId;
  /** How the speaker named them, so a surface can render a native mention (`<@U123>`, `[USER=12]`). */
  readonly ref?: PersonRef;
}

/** An instant echoed in the speaker's zone. */
export interface ReplyInstant {
  /** ISO 8601 in UTC, e.g. "2026-11-30T07:00:00.000Z". */
  readonly iso: string;
  /** For people, in `timeZone`: "Mon 30 Nov 2026, 09:00 (Europe/Kyiv)". */
  readonly text: string;
  /** IANA zone the text is written in. */
  readonly timeZone: string;
}

/** Every action a reply can offer. Surfaces map `id` to a button and send `{ id, value }` back to run.ts. */
export const REPLY_ACTION_IDS = [
  /** Start the previewed handoff; value is the confirm token. */
  'start',
  /** Dismiss a preview or a choice; nothing happens. */
  'dismiss',
  /** Cancel a scheduled or running handoff; value is `H-n`. */
  'cancel',
  /** Retry the failed items; value is `H-n`. */
  'retry',
  /** Return a temporary handoff now; value is `H-n`. */
  'return_now',
  /** Give back everything a finished handoff moved; value is `H-n`. */
  'undo',
  /** Pick one head among several; value is a confirm token carrying the plan with that head. */
  'choose_head',
  /** The receiver is away: preview the same plan with their backup instead; value is a confirm token of that plan. */
  'hand_to_backup',
  /** Show the status of a handoff; value is `H-n`. */
  'status',
  /** Ask the from-user's head (or HR) to approve a previewed plan; value is the confirm token (issue 12). */
  'request_approval',
  /** Approve a requested plan: it starts; value is the approval id. */
  'approve',
  /** Decline a requested plan; value is the approval id. */
  'decline',
] as const;
export type ReplyActionId = (typeof REPLY_ACTION_IDS)[number];

export interface ReplyAction {
  readonly id: ReplyActionId;
  /** Button text, ≤ 75 characters. */
  readonly label: string;
  /** Opaque to the surface; ≤ 2000 characters (a Slack button value). Send it back unchanged. */
  readonly value: string;
  readonly style?: 'primary' | 'danger';
  /** Ask before acting (destructive actions). Title ≤ 100, text ≤ 300 characters. */
  readonly confirm?: { readonly title: string; readonly text: string; readonly yes: string; readonly no: string };
}

/** A plain notice ("H-3 will stop after its current batch."). */
export interface TextReply {
  readonly type: 'text';
  readonly text: string;
  readonly tone: 'info' | 'success';
  /** Follow-ups, e.g. "Show status". */
  readonly actions?: readonly ReplyAction[];
  /** A web link to offer with the notice (`console`): surfaces render it as a link, never as a button value. */
  readonly link?: { readonly url: string; readonly label: string };
}

/** Something is wrong with the request; nothing changed. */
export interface ErrorReply {
  readonly type: 'error';
  readonly code: ProblemCode | HandoffErrorCode;
  /** One sentence naming the problem and what to do (commands/messages.ts). Never a stack, token or URL. */
  readonly text: string;
  /** The offending word as typed, when there is one. */
  readonly word?: string;
  /** A way out, when there is one (e.g. "Hand to Dan instead" for a receiver who is away). */
  readonly actions?: readonly ReplyAction[];
}

/** What a target means for people. */
export type ReplyTarget =
  | { readonly type: 'user'; readonly person: ReplyPerson }
  | { readonly type: 'head'; readonly person?: ReplyPerson; readonly departmentName?: string }
  | { readonly type: 'department'; readonly departmentId: number; readonly name?: string; readonly members?: number };

export interface ReplyKindCount {
  readonly kind: EntityKind;
  /** "Deals", "CRM activities", the smart process title. */
  readonly label: string;
  readonly count: number;
}

export interface PreviewReply {
  readonly type: 'preview';
  /** One line: "Move Anna's open deals and tasks to Bob until Mon 30 Nov 2026, 09:00 (Europe/Kyiv)". */
  readonly summary: string;
  readonly from: ReplyPerson;
  /** Default target. */
  readonly to: ReplyTarget;
  /** Per-kind overrides of `to`. */
  readonly overrides: readonly { readonly kind: EntityKind; readonly label: string; readonly target: ReplyTarget }[];
  readonly mode: 'permanent' | 'temporary';
  /** Future start, when not now. */
  readonly startAt?: ReplyInstant;
  /** Temporary handoffs: when everything comes back. */
  readonly returnAt?: ReplyInstant;
  /** Items that would move, per kind (kinds with 0 included so people see they were looked at). */
  readonly kinds: readonly ReplyKindCount[];
  /** Items each receiver would get. */
  readonly receivers: readonly {
    readonly person: ReplyPerson;
    readonly total: number;
    readonly kinds: readonly ReplyKindCount[];
  }[];
  readonly total: number;
  readonly options: {
    readonly dryRun: boolean;
    readonly forceReturn: boolean;
    readonly allItems: boolean;
    readonly notify: boolean;
  };
  /** Notes worth a glance: "nothing to move", "a dry run changes nothing". */
  readonly notes: readonly string[];
  /** Start (value: confirm token) and Dismiss. Start is absent when there is nothing to move. */
  readonly actions: readonly ReplyAction[];
}

/** One handoff in a status or history reply. */
export interface ReplyHandoff {
  readonly no: number;
  /** "H-3". */
  readonly ref: string;
  readonly status: HandoffStatus;
  /** "running", "completed with errors", "returns Mon 30 Nov…". */
  readonly statusText: string;
  readonly from: ReplyPerson;
  /** "Bob", "Anna's head", "Sales (5 people)". */
  readonly toText: string;
  readonly mode: 'permanent' | 'temporary';
  readonly dryRun: boolean;
  readonly createdAt: ReplyInstant;
  readonly startAt?: ReplyInstant;
  readonly returnAt?: ReplyInstant;
  /** Items in the handoff and how many are settled (anything but pending). */
  readonly total: number;
  readonly done: number;
  /** The error that failed the whole handoff. */
  readonly error?: string;
}

/** Lent items of a kind a later handoff still holds (engine/waiting.ts): they come home when it ends. */
export interface ReplyWaiting {
  readonly count: number;
  /** The later handoff, `H-4`. */
  readonly handoffRef: string;
  /** Who has them until then. */
  readonly holder: ReplyPerson;
}

export interface StatusReply {
  readonly type: 'status';
  /** What just happened, when the status answers an action ("H-3 will stop after its current batch."). */
  readonly notice?: string;
  readonly handoff: ReplyHandoff;
  readonly counts: StatusCounts;
  readonly byKind: readonly {
    readonly kind: EntityKind;
    readonly label: string;
    readonly counts: StatusCounts;
    /** Once the return has begun: this kind's moved items that wait on a later handoff (counted in `moved`). */
    readonly waiting?: readonly ReplyWaiting[];
  }[];
  /** The return (or undo) has begun: counts say what came back. */
  readonly returnBegun?: boolean;
  /** Failed items shown by name, a few at most. */
  readonly failures: readonly {
    readonly kind: EntityKind;
    readonly itemId: number;
    readonly title: string;
    readonly error: string;
  }[];
  /** Only the actions the state allows: Cancel, Retry failed, Return now, Undo. */
  readonly actions: readonly ReplyAction[];
}

export interface HistoryReply {
  readonly type: 'history';
  readonly title: string;
  /** Newest first. */
  readonly handoffs: readonly ReplyHandoff[];
  /** More exist than shown. */
  readonly more: boolean;
}

export interface HelpReply {
  readonly type: 'help';
  readonly title: string;
  readonly sections: readonly {
    readonly title: string;
    readonly lines: readonly { readonly usage: string; readonly text: string }[];
  }[];
  readonly examples: readonly string[];
}

/** The from-user has several heads: pick one, then the preview follows. */
export interface ChooseHeadReply {
  readonly type: 'choose_head';
  readonly text: string;
  readonly from: ReplyPerson;
  readonly heads: readonly {
    readonly departmentId: number;
    readonly departmentName: string;
    readonly person: ReplyPerson;
    /** `choose_head` action for this head. */
    readonly action: ReplyAction;
  }[];
  /** Dismiss. */
  readonly actions: readonly ReplyAction[];
}

export type Reply = TextReply | ErrorReply | PreviewReply | StatusReply | HistoryReply | HelpReply | ChooseHeadReply;
export type ReplyType = Reply['type'];

/** Labels for item statuses in replies. */
export const ITEM_STATUS_LABELS: Readonly<Record<ItemStatus, string>> = {
  pending: 'pending',
  moved: 'moved',
  skipped: 'skipped',
  failed: 'failed',
  returned: 'returned',
  kept: 'kept',
  gone: 'gone',
};

/** What a surface sends back when someone presses a button of a reply. */
export interface ReplyActionRequest {
  readonly id: ReplyActionId;
  /** The action's `value`, unchanged. */
  readonly value: string;
}
