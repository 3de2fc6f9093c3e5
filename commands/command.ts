/**
 * The typed command AST the grammar produces (ARCHITECTURE.md, "Command grammar"). Date phrases stay text here:
 * they are read in the speaker's zone at run time (commands/dates.ts), so the grammar needs no clock.
 * Pinned by expectTypeOf in test/unit/commands/grammar.test.ts; add, never rename.
 * @module
 */
import type { PortalUserId } from '../engine/ids.js';
import type { KindSelector } from './kind-words.js';
import type { PersonRef } from './person-ref.js';

/** A target as typed: a person, the from-user's head, or a department by id or name. */
export type TargetSpec =
  | { readonly type: 'user'; readonly person: PersonRef }
  | { readonly type: 'head' }
  | {
      readonly type: 'department';
      readonly department: { readonly id: number } | { readonly name: string };
    };

/** Which kinds: every kind, only some, or all but some. */
export type KindFilter =
  | { readonly mode: 'all' }
  | { readonly mode: 'only' | 'except'; readonly selectors: readonly KindSelector[] };

export interface HandoffFlags {
  readonly dryRun: boolean;
  readonly forceReturn: boolean;
  /** Closed items too. */
  readonly allItems: boolean;
  /** No DMs to participants. */
  readonly quiet: boolean;
}

/** `@from to <target> [options]`, `vacation @from backup <target> from <when> until <when>`, with `preview` before. */
export interface HandoffCommand {
  readonly type: 'handoff';
  readonly form: 'handoff' | 'vacation';
  /** `preview …`: show counts, offer no Start. */
  readonly previewOnly: boolean;
  readonly from: PersonRef;
  readonly to: TargetSpec;
  /** `tasks to @carol`: per-kind targets, overriding `to`. */
  readonly overrides: readonly { readonly selectors: readonly KindSelector[]; readonly target: TargetSpec }[];
  readonly kinds: KindFilter;
  /** `until <when>`: temporary. The phrase as typed. */
  readonly until?: string;
  /** `starting <when>` / `from <when>`: a future start. */
  readonly starting?: string;
  readonly flags: HandoffFlags;
}

export type Command =
  /** Empty text: open the dialog. */
  | { readonly type: 'dialog' }
  | HandoffCommand
  | { readonly type: 'status'; readonly handoffNo?: number }
  | { readonly type: 'history' }
  | { readonly type: 'cancel'; readonly handoffNo: number }
  | { readonly type: 'retry'; readonly handoffNo: number }
  | { readonly type: 'return'; readonly handoffNo: number; readonly force: boolean }
  | { readonly type: 'undo'; readonly handoffNo: number; readonly force: boolean }
  | { readonly type: 'help' }
  | { readonly type: 'link'; readonly person: PersonRef; readonly portalUserId: PortalUserId }
  /** `console`: a private, short-lived link to the web console. */
  | { readonly type: 'console' }
  /** `vacation H-3 [from <when>] [until <when>]`: moves a vacation's dates (phrases as typed). */
  | { readonly type: 'vacation_move'; readonly handoffNo: number; readonly starting?: string; readonly until?: string }
  /** `vacation cancel H-3`: calls a vacation off (cancelled before its start, returned now after it). */
  | { readonly type: 'vacation_cancel'; readonly handoffNo: number }
  /** `roles`: the tenant's named roles. */
  | { readonly type: 'roles' }
  /** `role set <name> @person | dept <name|id> | head <department name|id>`. */
  | { readonly type: 'role_set'; readonly name: string; readonly holder: RoleSpec }
  /** `role remove <name>`. */
  | { readonly type: 'role_remove'; readonly name: string }
  /** `hr list`, `hr add @someone`, `hr remove @someone`: who may hand off anyone's work (portal admins manage it). */
  | { readonly type: 'hr'; readonly action: 'list' }
  | { readonly type: 'hr'; readonly action: 'add' | 'remove'; readonly person: PersonRef };

/** Who holds a role, as typed: a person, a department (spread), or whoever heads a department. */
export type RoleSpec =
  | { readonly type: 'user'; readonly person: PersonRef }
  | {
      readonly type: 'department' | 'department_head';
      readonly department: { readonly id: number } | { readonly name: string };
    };

export type CommandType = Command['type'];
