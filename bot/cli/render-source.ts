/**
 * A robot handoff's origin in the CLI's words: `robot: deal 12 (+ tasks, contacts) → role paralegal`.
 * @module
 */
import type { HandoffOut } from '../api/response-schemas.js';

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
