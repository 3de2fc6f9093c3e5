/**
 * Handing work to someone who is away (the from-user of an active temporary handoff) is refused: the work would sit
 * with a person on vacation, or be carried on to their backup by their own handoff's sweep. The refusal names the
 * handoff that covers the absence, when the person is back, and their backup, so a surface can offer "hand to the
 * backup instead".
 * @module
 */
import { HandoffError } from './errors.js';
import { formatHandoffNo, type PortalUserId } from './ids.js';
import type { Handoff, Plan, ResolvedTarget } from './model.js';
import type { WorkSystem } from './ports.js';

/** The single person a handoff gives its work to (its default receiver), if it names one. */
function backupOf(handoff: Handoff): PortalUserId | undefined {
  const targets = handoff.kinds.map((kind) => handoff.targets[kind]);
  const users = new Set(targets.flatMap((t) => (t?.type === 'user' ? [t.userId] : [])));
  const [only] = users;
  return users.size === 1 ? only : undefined;
}

/** The backup of an absent person, followed while that backup is away too; undefined when it loops or ends nowhere. */
function coveringBackup(
  userId: PortalUserId,
  away: ReadonlyMap<PortalUserId, Handoff>,
  fromUserId: PortalUserId,
): PortalUserId | undefined {
  const seen = new Set<PortalUserId>([userId]);
  let current: PortalUserId | undefined = userId;
  while (current !== undefined) {
    const absence = away.get(current);
    if (!absence) return current === fromUserId ? undefined : current;
    const next = backupOf(absence);
    if (next === undefined || seen.has(next)) return undefined;
    seen.add(next);
    current = next;
  }
  return undefined;
}

/**
 * Throws `receiver_away` for the first person-receiver of the plan who is away when the handoff would start. A
 * handoff that starts after the absence ends is fine.
 */
export async function refuseAwayReceivers(
  plan: Plan,
  targets: Readonly<Record<string, ResolvedTarget | undefined>>,
  fieldOf: (kind: string) => string,
  away: ReadonlyMap<PortalUserId, Handoff>,
  workSystem: Pick<WorkSystem, 'getUser'>,
  now: Date,
): Promise<void> {
  const startsAt = (plan.when.startAt ?? now).getTime();
  for (const [kind, target] of Object.entries(targets)) {
    if (target?.type !== 'user') continue;
    const absence = away.get(target.userId);
    if (absence?.plan.when.mode !== 'temporary') continue;
    const returnAt = absence.plan.when.returnAt;
    if (returnAt.getTime() <= startsAt) continue;
    // An absence booked ahead that begins after this handoff starts is not in its way.
    if (absence.status === 'scheduled' && (absence.plan.when.startAt ?? absence.createdAt).getTime() > startsAt)
      continue;
    const [person, backupId] = [
      await workSystem.getUser(target.userId),
      coveringBackup(target.userId, away, plan.fromUserId),
    ];
    const backup = backupId === undefined ? null : await workSystem.getUser(backupId);
    const name = person?.name ?? `User ${target.userId}`;
    throw new HandoffError(
      'receiver_away',
      `${name} is away until ${returnAt.toISOString()} (${formatHandoffNo(absence.no)})${backup ? `; their backup is ${backup.name}` : ''}.`,
      {
        field: fieldOf(kind),
        userId: target.userId,
        ...(person ? { name: person.name } : {}),
        handoffNo: absence.no,
        until: returnAt.toISOString(),
        ...(backup ? { backup: { userId: backup.id, name: backup.name } } : {}),
      },
    );
  }
}
