/**
 * A robot handoff's origin in the CLI's words: `robot: deal 12 (+ tasks, contacts) → role paralegal`.
 * @module
 */
import type { HandoffOut } from '../api/response-schemas.js';
import { describeTarget, personLabel } from './people-text.js';

/** The line naming where a robot handoff came from; null for any other handoff. */
export function sourceLine(view: Pick<HandoffOut, 'source'>): string | null {
  const source = view.source;
  if (!source) return null;
  const document = `${source.document.kind === 'deals' ? 'deal' : 'lead'} ${source.document.id}`;
  const what = source.includeDocument ? document : `records of ${document}`;
  const related = source.relations.length > 0 ? ` (+ ${source.relations.join(', ')})` : '';
  const role = source.role ? ` → role ${source.role}` : '';
  return `robot: ${what}${related}${role}`;
}

/** A short tag for tables: `[robot deal 12]`. */
export function sourceTag(view: Pick<HandoffOut, 'source'>): string {
  const source = view.source;
  if (!source) return '';
  return ` [robot ${source.document.kind === 'deals' ? 'deal' : 'lead'} ${source.document.id}]`;
}

/**
 * Who a robot handoff moves from and to, when its run stopped before reading the document (an unknown role, a deal
 * gone): until then its plan names the robot's user on both sides (engine/model.ts RobotSource), which would read as
 * "Anna Garcia → Anna Garcia". Null when the handoff is no robot's or its receivers were resolved.
 */
export function unresolvedRobotSides(
  view: Pick<HandoffOut, 'source' | 'targets'>,
): { readonly from: string; readonly to: string | null } | null {
  const source = view.source;
  if (!source || Object.keys(view.targets).length > 0) return null;
  const document = `${source.document.kind === 'deals' ? 'deal' : 'lead'} ${source.document.id}`;
  return { from: `the owner of ${document}`, to: source.role ? `role ${source.role}` : null };
}

/** `Anna Garcia (1) → Chloe Fischer (3)`; a robot handoff that stopped before reading its document names the sides it had. */
export function sidesOf(view: HandoffOut): string {
  const robot = unresolvedRobotSides(view);
  const to = robot?.to ?? describeTarget(view.to, view);
  return `${robot?.from ?? personLabel(view.from)} → ${to}`;
}
