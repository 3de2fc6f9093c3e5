/**
 * `handoff sandbox-robot --deal 12 --role paralegal [--to 34] [--with tasks,contacts,company]`: in the demo's sandbox
 * portal, a deal or lead reaches a stage with the robot "Change Related Responsible" on it; prints what the workflow
 * got back (the one-line summary).
 * @module
 */
import { CliUsageError } from './plan-flags.js';

const TOGGLE_OF: Readonly<Record<string, string>> = {
  document: 'moveDocument',
  activities: 'moveActivities',
  tasks: 'moveTasks',
  contacts: 'moveContacts',
  company: 'moveCompany',
  invoices: 'moveInvoices',
  quotes: 'moveQuotes',
};

export interface SandboxRobotFlags {
  readonly deal?: string | undefined;
  readonly lead?: string | undefined;
  readonly role?: string | undefined;
  readonly to?: string | undefined;
  readonly with?: string | undefined;
}

/** The robot's property values for the flags; every toggle is set (those not named are off). */
export function robotProperties(flags: SandboxRobotFlags): Record<string, string> {
  if ((flags.role === undefined) === (flags.to === undefined)) {
    throw new CliUsageError('sandbox-robot: give --role <name> or --to <portal user id> (one of them).');
  }
  if (flags.to !== undefined && !/^\d{1,12}$/.test(flags.to)) {
    throw new CliUsageError('sandbox-robot: --to takes a portal user id, e.g. --to 3.');
  }
  const chosen = (flags.with ?? 'document,activities,tasks').split(',').map((w) => w.trim().toLowerCase());
  const unknown = chosen.find((w) => w !== '' && TOGGLE_OF[w] === undefined);
  if (unknown !== undefined) {
    throw new CliUsageError(
      `sandbox-robot: --with does not know "${unknown}" (document, activities, tasks, contacts, company, invoices, quotes).`,
    );
  }
  const properties: Record<string, string> = {};
  for (const [word, key] of Object.entries(TOGGLE_OF)) properties[key] = chosen.includes(word) ? 'Y' : 'N';
  if (flags.role !== undefined) properties.role = flags.role;
  if (flags.to !== undefined) properties.newResponsible = flags.to;
  return properties;
}

export function sandboxRobotBody(flags: SandboxRobotFlags): Record<string, unknown> {
  const document = flags.deal !== undefined ? { deal: Number(flags.deal) } : { lead: Number(flags.lead) };
  if ((flags.deal === undefined) === (flags.lead === undefined) || !Number.isInteger(Object.values(document)[0])) {
    throw new CliUsageError('sandbox-robot: give --deal <id> or --lead <id> (one of them).');
  }
  return { ...document, properties: robotProperties(flags) };
}
