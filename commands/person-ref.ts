/**
 * Surface-neutral references to people as a command names them: a Slack mention, a portal user id or an email.
 * The surface resolves them to portal users; commands/ never knows how.
 * @module
 */
import type { PortalUserId, SlackUserId } from '../engine/ids.js';

export type PersonRef =
  | { readonly kind: 'slack'; readonly id: SlackUserId }
  | { readonly kind: 'portal'; readonly id: PortalUserId }
  | { readonly kind: 'email'; readonly email: string };

/** True when both refs name the same person in the same way (used to catch `@anna to @anna` before any lookup). */
export function samePersonRef(a: PersonRef, b: PersonRef): boolean {
  switch (a.kind) {
    case 'slack':
      return b.kind === 'slack' && a.id === b.id;
    case 'portal':
      return b.kind === 'portal' && a.id === b.id;
    case 'email':
      return b.kind === 'email' && a.email.toLowerCase() === b.email.toLowerCase();
    default: {
      const never: never = a;
      return never;
    }
  }
}
