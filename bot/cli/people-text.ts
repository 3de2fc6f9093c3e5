/**
 * People and targets in the CLI's words, from the names the API reads back: "Chloe Fischer (3)" when the portal
 * told the name, "user 3" when it could not (the API leaves names out rather than fail).
 * @module
 */
import type { HandoffOut } from '../api/response-schemas.js';

type TargetJson = HandoffOut['to'];
type ResolvedJson = HandoffOut['targets'][string];

interface PersonJson {
  readonly id: number;
  readonly name?: string | undefined;
}

/** `Chloe Fischer (3)`, or `user 3` without a name: where the id helps (headers, previews). */
export function personLabel(person: PersonJson): string {
  return person.name === undefined ? `user ${person.id}` : `${person.name} (${person.id})`;
}

/** `Chloe Fischer`, or `user 3`: in sentences, where the header already gave the id. */
export function personName(person: PersonJson): string {
  return person.name ?? `user ${person.id}`;
}

function departmentLabel(id: number, name: string | undefined): string {
  return name === undefined ? `department ${id}` : `${name} (dept ${id})`;
}

/** The receiver of one kind in a sentence: `Chloe Fischer`, or `Support (dept 7, 2 people)`. */
export function receiverName(target: ResolvedJson | undefined): string {
  if (target === undefined) return 'the receiver';
  if (target.type === 'user') return personName(target);
  const people = `${target.memberIds.length} ${target.memberIds.length === 1 ? 'person' : 'people'}`;
  return target.name === undefined
    ? `department ${target.id} (${people})`
    : `${target.name} (dept ${target.id}, ${people})`;
}

/** The one user every kind resolved to, when they all resolved to the same user. */
function soleReceiver(view: Pick<HandoffOut, 'targets'>): (ResolvedJson & { type: 'user' }) | undefined {
  const users = Object.values(view.targets);
  const first = users[0];
  if (first?.type !== 'user') return undefined;
  return users.every((t) => t.type === 'user' && t.id === first.id) ? first : undefined;
}

/** The plan's `to` as people read it; a head is named when the directory resolved it. */
export function describeTarget(target: TargetJson, view?: Pick<HandoffOut, 'targets'>): string {
  switch (target.type) {
    case 'user':
      return personLabel(target);
    case 'head': {
      const head = view === undefined ? undefined : soleReceiver(view);
      const whose =
        target.departmentId === undefined
          ? 'their head'
          : `the head of ${departmentLabel(target.departmentId, target.departmentName)}`;
      return head === undefined ? whose : `${personLabel(head)}, ${whose}`;
    }
    case 'department':
      return departmentLabel(target.id, target.name);
    default: {
      const never: never = target;
      return never;
    }
  }
}

/** Every person a handoff names, by id: for item lists, which carry ids only. */
export function namesIn(view: Pick<HandoffOut, 'from' | 'targets'>): ReadonlyMap<number, string> {
  const names = new Map<number, string>();
  const add = (person: PersonJson) => {
    if (person.name !== undefined) names.set(person.id, person.name);
  };
  add(view.from);
  for (const target of Object.values(view.targets)) {
    if (target.type === 'user') add(target);
    else for (const member of target.members ?? []) add(member);
  }
  return names;
}
