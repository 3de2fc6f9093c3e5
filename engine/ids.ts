/**
 * Branded identifiers used across Handoff. Brand at the boundary by parsing (zod `.brand()` or the `toX`
 * helpers below); never scatter `as` casts through the code.
 * @module
 */
import { z } from 'zod';

/** A tenant: one Slack workspace (or API deployment) bound to one Bitrix24 portal. */
export const TenantId = z.string().min(1).max(200).brand<'TenantId'>();
export type TenantId = z.infer<typeof TenantId>;

/** Internal, globally unique id of a handoff (a UUID). People see `H-<n>` instead. */
export const HandoffId = z.string().min(1).max(100).brand<'HandoffId'>();
export type HandoffId = z.infer<typeof HandoffId>;

/** A Bitrix24 portal user id (`user.get` ID). Always a positive integer. */
export const PortalUserId = z.coerce.number().int().positive().brand<'PortalUserId'>();
export type PortalUserId = z.infer<typeof PortalUserId>;

/** A Slack user id such as `U0123ABCD` or `W0123ABCD`. */
export const SlackUserId = z
  .string()
  .regex(/^[UW][A-Z0-9]{2,}$/)
  .brand<'SlackUserId'>();
export type SlackUserId = z.infer<typeof SlackUserId>;

/** Converts a known-valid string to a TenantId; throws only on a programmer error. */
export function toTenantId(value: string): TenantId {
  return TenantId.parse(value);
}

/** Converts a known-valid string to a HandoffId; throws only on a programmer error. */
export function toHandoffId(value: string): HandoffId {
  return HandoffId.parse(value);
}

/** Converts a known-valid number to a PortalUserId; throws only on a programmer error. */
export function toPortalUserId(value: number | string): PortalUserId {
  return PortalUserId.parse(value);
}

/**
 * Formats a per-tenant handoff number as people see it.
 * @example formatHandoffNo(3) // 'H-3'
 */
export function formatHandoffNo(no: number): string {
  return `H-${no}`;
}

/**
 * Reads `H-3`, `h-3` or `3` as a handoff number; `null` when the text is not one.
 * @example parseHandoffNo('H-12') // 12
 */
export function parseHandoffNo(text: string): number | null {
  const match = /^(?:h-)?(\d{1,9})$/i.exec(text.trim());
  if (!match?.[1]) return null;
  const no = Number(match[1]);
  return no > 0 ? no : null;
}
