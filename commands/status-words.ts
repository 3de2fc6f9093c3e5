/**
 * A kind's line in a status reply, in plain words each chat surface dresses in its own markup: while items are away
 * `3 moved, 0 skipped, 0 failed, 0 pending`; once the return has begun what came back, and lent items a later
 * handoff still holds as `2 waiting: home when H-4 ends (with Carl Dunn)` (engine/README.md, the ledger).
 * @module
 */
import type { ReplyPerson, StatusReply } from './reply.js';

type KindLine = StatusReply['byKind'][number];

/** `escape` makes plain text safe for the surface, `person` names someone in its markup. */
export interface SurfaceText {
  readonly escape: (text: string) => string;
  readonly person: (person: ReplyPerson) => string;
}

export function kindStatusLine(k: KindLine, returnBegun: boolean, surface: SurfaceText): string {
  const c = k.counts;
  const label = surface.escape(k.label);
  if (!returnBegun) {
    return `• ${label}: ${c.moved} moved, ${c.skipped} skipped, ${c.failed} failed, ${c.pending} pending`;
  }
  const waiting = k.waiting ?? [];
  const stillMoved = c.moved - waiting.reduce((n, w) => n + w.count, 0);
  const parts = [`${c.returned} returned`];
  for (const w of waiting) {
    parts.push(`${w.count} waiting: home when ${w.handoffRef} ends (with ${surface.person(w.holder)})`);
  }
  if (stillMoved > 0) parts.push(`${stillMoved} not returned yet`);
  if (c.kept > 0) parts.push(`${c.kept} kept`);
  if (c.gone > 0) parts.push(`${c.gone} gone`);
  if (c.failed > 0) parts.push(`${c.failed} failed`);
  if (c.pending > 0) parts.push(`${c.pending} pending`);
  return `• ${label}: ${parts.join(' · ')}`;
}
