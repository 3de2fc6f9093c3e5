/**
 * A robot call as the portal posts it (reference §11), read from the parsed form into what Handoff needs: who the
 * call is from (member_id, application_token, the robot's user), the event token that finishes the step, the
 * document (`document_id[2]` = `DEAL_12` / `LEAD_4`), the receiver (`user_12`, or a role name) and the toggles.
 * Pure; never throws. `parseRobotAuth` is separate so a forged call is refused before anything else is read.
 * @module
 */
import type { DocumentRef, Relation } from '../../engine/documents.js';
import { type PortalUserId, toPortalUserId } from '../../engine/ids.js';
import { parseRoleName } from '../../engine/roles.js';
import type { FormRecord } from './form-body.js';

type FormValue = string | FormRecord;

import { TOGGLES } from './robot-definition.js';

export interface RobotAuth {
  readonly memberId: string;
  readonly applicationToken: string;
  readonly eventToken: string;
}

export interface RobotCall {
  readonly document: DocumentRef;
  readonly includeDocument: boolean;
  readonly relations: readonly Relation[];
  readonly receiver:
    | { readonly type: 'user'; readonly userId: PortalUserId }
    | { readonly type: 'role'; readonly name: string };
  readonly saveHistory: boolean;
  /** The user whose token came with the call (the robot's AUTH_USER_ID), or the admin (1) when absent. */
  readonly robotUserId: PortalUserId;
  readonly workflowId: string;
  readonly code: string;
}

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: string };

function str(value: FormValue | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function rec(value: FormValue | undefined): FormRecord {
  return value !== undefined && typeof value !== 'string' ? value : {};
}

/** The fields that prove who sent the call, and the token that finishes it; a problem when any is missing. */
export function parseRobotAuth(form: FormRecord): Parsed<RobotAuth> {
  const auth = rec(form.auth);
  const memberId = str(auth.member_id);
  const applicationToken = str(auth.application_token);
  const eventToken = str(form.event_token);
  if (!memberId || !applicationToken)
    return { ok: false, problem: 'auth[member_id] and auth[application_token] are required' };
  if (!eventToken) return { ok: false, problem: 'event_token is required' };
  return { ok: true, value: { memberId, applicationToken, eventToken } };
}

const DOCUMENT_CLASSES: Readonly<Record<string, DocumentRef['kind']>> = {
  CCrmDocumentDeal: 'deals',
  CCrmDocumentLead: 'leads',
};

/** `['crm', 'CCrmDocumentDeal', 'DEAL_12']` → a deal 12 (the id after the last `_`). */
function parseDocument(value: FormValue | undefined): Parsed<DocumentRef> {
  const parts = rec(value);
  const documentClass = str(parts['1']) ?? '';
  const kind = DOCUMENT_CLASSES[documentClass];
  if (!kind) {
    return {
      ok: false,
      problem: `This robot works on deals and leads only (the workflow runs on ${documentClass || 'an unknown document'}).`,
    };
  }
  const id = Number((str(parts['2']) ?? '').split('_').at(-1));
  if (!Number.isInteger(id) || id <= 0) return { ok: false, problem: 'document_id[2] does not name a document id.' };
  return { ok: true, value: { kind, itemId: id } };
}

const yes = (value: FormValue | undefined, fallback: boolean): boolean => {
  const text = str(value);
  if (text === undefined || text === '') return fallback;
  return text === 'Y' || text === '1' || text.toLowerCase() === 'true';
};

/** `user_12` (or `12`) → 12; a `group_…` or anything else is not a user. */
function parseUser(value: string): PortalUserId | undefined {
  const match = /^(?:user_)?(\d{1,12})$/.exec(value.trim());
  return match?.[1] ? toPortalUserId(match[1]) : undefined;
}

/** Everything but the auth: the document, the receiver and the toggles, with the robot's defaults. */
export function parseRobotCall(form: FormRecord): Parsed<RobotCall> {
  const document = parseDocument(form.document_id);
  if (!document.ok) return document;
  const properties = rec(form.properties);
  const userText = str(properties.newResponsible)?.trim() ?? '';
  const roleText = str(properties.role)?.trim() ?? '';
  let receiver: RobotCall['receiver'];
  if (userText !== '') {
    const userId = parseUser(userText);
    if (userId === undefined)
      return { ok: false, problem: `"New responsible" must be one user (got ${userText.slice(0, 40)}).` };
    receiver = { type: 'user', userId };
  } else if (roleText !== '') {
    const role = parseRoleName(roleText);
    if (!role.ok) return role;
    receiver = { type: 'role', name: role.value };
  } else {
    return { ok: false, problem: 'Set "New responsible" or a role in the robot settings.' };
  }
  const relations: Relation[] = [];
  for (const [key, relation] of Object.entries(TOGGLES)) {
    if (relation !== null && yes(properties[key], relation === 'activities' || relation === 'tasks'))
      relations.push(relation);
  }
  const robotUser = parseUser(str(rec(form.auth).user_id) ?? '');
  return {
    ok: true,
    value: {
      document: document.value,
      includeDocument: yes(properties.moveDocument, true),
      relations,
      receiver,
      saveHistory: yes(properties.saveHistory, true),
      robotUserId: robotUser ?? toPortalUserId(1),
      workflowId: (str(form.workflow_id) ?? '').slice(0, 100),
      code: (str(form.code) ?? '').slice(0, 100),
    },
  };
}
