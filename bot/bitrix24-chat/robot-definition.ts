/**
 * The robot "Change Related Responsible" as Bitrix24 registers it (reference §11): its code, its properties (the new
 * responsible: a user or a role; toggles for the deal/lead itself, activities, tasks, contacts, company, invoices,
 * quotes; save history), its return values, and `ensureRobot` / `removeRobot` for install and uninstall.
 * @module
 */
import type { Relation } from '../../engine/documents.js';

export const ROBOT_CODE = 'handoff_change_related_responsible';
export const ROBOT_PATH = '/bitrix24/robot';

/** Property keys (they must start with a letter) and the relation each toggle chooses. */
export const TOGGLES = {
  moveDocument: null,
  moveActivities: 'activities',
  moveTasks: 'tasks',
  moveContacts: 'contacts',
  moveCompany: 'company',
  moveInvoices: 'invoices',
  moveQuotes: 'quotes',
} as const satisfies Record<string, Relation | null>;

const yesNo = (name: string, description: string, fallback: 'Y' | 'N') => ({
  Name: { en: name },
  Description: { en: description },
  Type: 'bool',
  Required: 'N',
  Multiple: 'N',
  Default: fallback,
});

/** `bizproc.robot.add` PROPERTIES: what the admin sets on the stage. */
export const ROBOT_PROPERTIES = {
  newResponsible: {
    Name: { en: 'New responsible' },
    Description: { en: 'Who receives the deal or lead and the chosen records. Leave empty to name a role below.' },
    Type: 'user',
    Required: 'N',
    Multiple: 'N',
  },
  role: {
    Name: { en: 'Or a role' },
    Description: { en: 'A role defined in Handoff (e.g. paralegal): whoever holds it when the robot runs.' },
    Type: 'string',
    Required: 'N',
    Multiple: 'N',
  },
  moveDocument: yesNo('The deal or lead itself', 'Change the responsible of the document itself.', 'Y'),
  moveActivities: yesNo('Related activities', 'Open activities bound to the document.', 'Y'),
  moveTasks: yesNo('Related tasks', 'Open tasks bound to the document.', 'Y'),
  moveContacts: yesNo('Contacts', 'The contacts of the deal or lead.', 'N'),
  moveCompany: yesNo('Company', 'The company of the deal or lead.', 'N'),
  moveInvoices: yesNo('Invoices', 'Open invoices of the deal or lead.', 'N'),
  moveQuotes: yesNo('Quotes', 'Open quotes of the deal or lead.', 'N'),
  saveHistory: yesNo('Save history', 'Write the summary to the workflow log.', 'Y'),
} as const;

/** `bizproc.robot.add` RETURN_PROPERTIES: what `bizproc.event.send` gives back to the workflow. */
export const ROBOT_RETURN_PROPERTIES = {
  summary: { Name: { en: 'Summary' }, Type: 'string' },
  handoff: { Name: { en: 'Handoff number' }, Type: 'string' },
  moved: { Name: { en: 'Moved' }, Type: 'int' },
  skipped: { Name: { en: 'Skipped' }, Type: 'int' },
  failed: { Name: { en: 'Failed' }, Type: 'int' },
} as const;

/** The part of a Bitrix24 client the robot registration needs (an app-context client: webhooks are refused). */
export interface RobotPortalClient {
  call(method: string, params?: Readonly<Record<string, unknown>>): Promise<{ readonly result?: unknown }>;
}

/** The robot's handler URL on our public address. */
export function robotHandlerUrl(publicUrl: string): string {
  return new URL(ROBOT_PATH, publicUrl.endsWith('/') ? publicUrl : `${publicUrl}/`).toString();
}

/** The `bizproc.robot.add` parameters. */
export function robotRegistration(publicUrl: string): Record<string, unknown> {
  return {
    CODE: ROBOT_CODE,
    HANDLER: robotHandlerUrl(publicUrl),
    NAME: { en: 'Change Related Responsible' },
    DESCRIPTION: { en: 'Hands the deal or lead and its related records to a person or a role (Handoff).' },
    USE_SUBSCRIPTION: 'Y',
    PROPERTIES: ROBOT_PROPERTIES,
    RETURN_PROPERTIES: ROBOT_RETURN_PROPERTIES,
    FILTER: {
      INCLUDE: [
        ['crm', 'CCrmDocumentDeal'],
        ['crm', 'CCrmDocumentLead'],
      ],
    },
  };
}

function codesOf(result: unknown): string[] {
  if (Array.isArray(result)) return result.map(String);
  if (result && typeof result === 'object') return Object.values(result).map(String);
  return [];
}

/**
 * Registers the robot unless it is there already (idempotent: `bizproc.robot.list` first). An existing robot is left
 * as it is, never deleted and added again: deleting it would drop it from every stage an admin put it on.
 * @example await ensureRobot(client, 'https://handoff.example.com') // 'added' | 'unchanged'
 */
export async function ensureRobot(client: RobotPortalClient, publicUrl: string): Promise<'added' | 'unchanged'> {
  const listed = codesOf((await client.call('bizproc.robot.list')).result);
  if (listed.includes(ROBOT_CODE)) return 'unchanged';
  await client.call('bizproc.robot.add', robotRegistration(publicUrl));
  return 'added';
}

/** Removes the robot (uninstall); false when it was not registered. */
export async function removeRobot(client: RobotPortalClient): Promise<boolean> {
  const listed = codesOf((await client.call('bizproc.robot.list')).result);
  if (!listed.includes(ROBOT_CODE)) return false;
  await client.call('bizproc.robot.delete', { CODE: ROBOT_CODE });
  return true;
}
