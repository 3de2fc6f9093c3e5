/**
 * Words people use for entity kinds and modules: singular, plural and friendly synonyms. `crm` and `spa` are
 * selectors that the run step expands against the portal's kinds (smart processes differ per portal).
 * @module
 */
import { type EntityKind, isSpaKind, type StaticKind } from '../engine/kinds.js';

/** One entry of `only …` / `except …` / `<kinds> to …`: a kind, the CRM module or every smart process. */
export type KindSelector = EntityKind | 'crm' | 'spa';

const WORDS: Readonly<Record<string, StaticKind | 'crm' | 'spa'>> = {
  task: 'tasks',
  tasks: 'tasks',
  todo: 'tasks',
  todos: 'tasks',
  activity: 'activities',
  activities: 'activities',
  lead: 'leads',
  leads: 'leads',
  deal: 'deals',
  deals: 'deals',
  contact: 'contacts',
  contacts: 'contacts',
  company: 'companies',
  companies: 'companies',
  quote: 'quotes',
  quotes: 'quotes',
  estimate: 'quotes',
  estimates: 'quotes',
  offer: 'quotes',
  offers: 'quotes',
  invoice: 'invoices',
  invoices: 'invoices',
  crm: 'crm',
  spa: 'spa',
  spas: 'spa',
  'smart-process': 'spa',
  'smart-processes': 'spa',
  'smart-processes-all': 'spa',
};

/**
 * Reads one kind word; null when it names no kind. `spa:130`, `spa130` and `smart:130` name one smart process.
 * @example parseKindWord('Deal') // 'deals'
 */
export function parseKindWord(word: string): KindSelector | null {
  const lower = word.toLowerCase();
  const named = WORDS[lower];
  if (named) return named;
  const spa = /^(?:spa|smart):?(\d{1,6})$/.exec(lower);
  if (spa?.[1]) {
    const kind = `spa:${Number(spa[1])}`;
    return isSpaKind(kind) ? kind : null;
  }
  return null;
}

/** True when a selector covers a kind. */
export function selectorCovers(selector: KindSelector, kind: EntityKind): boolean {
  if (selector === 'crm') return kind !== 'tasks';
  if (selector === 'spa') return kind.startsWith('spa:');
  return selector === kind;
}

/** The kinds among `available` a list of selectors covers, in `available` order. */
export function expandSelectors(
  selectors: readonly KindSelector[],
  available: readonly EntityKind[],
): readonly EntityKind[] {
  return available.filter((kind) => selectors.some((selector) => selectorCovers(selector, kind)));
}
