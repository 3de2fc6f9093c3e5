/**
 * Sentences the Slack surface shows for its own checks (dialog fields, identity, permission, workspace setup).
 * Domain and command problems come from commands/ (messages.ts); keep this list short and move entries there
 * when another surface needs them.
 * @module
 */
import type { Head } from '../../engine/ports.js';
import type { IdentityProblem } from './identity.js';

export const TEXTS = {
  notConnected: 'This Slack workspace is not connected to a Bitrix24 portal yet. Ask your admin to finish the setup.',
  samePerson: 'That is the same person on both sides: pick someone else to receive the work.',
  pickPerson: 'Pick the person who receives the work.',
  pickDepartment: 'Type a department name or id.',
  noHead: 'This person has no head in the portal: pick a person or a department instead.',
  severalHeads: (names: string) => `This person has several heads (${names}): pick one of them as a person.`,
  noDepartment: (name: string) => `No department matches "${name}".`,
  severalDepartments: (names: string) => `Several departments match: ${names}. Type the id instead.`,
  giveStart: 'Give a start date, or choose "Now".',
  giveReturn: 'Give a return date, or choose "For good".',
  returnBeforeStart: 'The return date must come after the start.',
  pickKinds: 'Pick at least one kind of item.',
  started: (ref: string, where: string) => `${ref} started. Progress is posted ${where}.`,
  scheduled: (ref: string, at: string) => `${ref} is scheduled to start ${at}.`,
} as const;

/** Why a Slack user could not be matched, and how to fix it. */
export function identityProblemText(problem: IdentityProblem): string {
  const who = `<@${problem.slackUserId}>`;
  switch (problem.code) {
    case 'person_not_found':
      return `Slack does not know ${who}.`;
    case 'inactive_user':
      return `${who} is a bot or a deactivated account: pick an active person.`;
    case 'person_not_linked':
      return `${who} has no portal user${problem.email ? ` with the e-mail ${problem.email}` : ''}. Link them with \`/handoff link ${who} <portal user id>\`.`;
    default: {
      const never: never = problem;
      return never;
    }
  }
}

/** Tells someone who may not hand off this work who can. */
export function notAllowedText(fromName: string, heads: readonly Head[]): string {
  const names = heads.map((h) => `${h.user.name} (head of ${h.departmentName})`);
  const who = [...names, 'a portal admin'].join(', ');
  return `You may not hand off ${fromName}'s work. ${fromName} themself, ${who} can.`;
}
