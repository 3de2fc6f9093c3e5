/**
 * Shared by the end-to-end tests that drive the production runtime from Slack (over HTTP and over Socket Mode):
 * poll deadlines, the people a test picks, and reading buttons out of Block Kit.
 * @module
 */

/** Deadlines for background effects (the Agenda job, paced progress edits, a lease-refused run looking again). */
export const POLL = { timeout: 15_000, interval: 25 } as const;

/** A person as both sides know them: their Slack id and their portal user id. */
export interface Person {
  readonly slack: string;
  readonly portal: number;
}

export interface Button {
  readonly action_id: string;
  readonly value?: string;
}

type Blocks = { type: string; elements?: Button[] }[];

/** The buttons of a message's action blocks. */
export const buttonsOf = (blocks: unknown): Button[] =>
  ((blocks as Blocks | undefined) ?? []).filter((b) => b.type === 'actions').flatMap((b) => b.elements ?? []);
