/**
 * What the web console needs from the composition root (bot/main.ts): the engine's service (the same one the REST
 * API uses), the tenant's portal, the tenants, the signing keys, and a few facts for the header.
 * @module
 */
import type { TenantId } from '../../engine/ids.js';
import type { Clock, Logger, WorkSystemResolver } from '../../engine/ports.js';
import type { HandoffService } from '../../engine/service-types.js';
import type { HrPeopleStore } from '../../storage/hr-people-store.js';
import type { TenantStore } from '../../storage/tenant-store.js';
import type { ConsoleKeys } from './keys.js';

export interface ConsoleDeps {
  readonly service: HandoffService;
  readonly workSystems: WorkSystemResolver;
  readonly tenants: Pick<TenantStore, 'getTenant' | 'findByPortalMemberId'>;
  readonly keys: ConsoleKeys;
  readonly clock: Clock;
  readonly logger: Logger;
  /** For the Bitrix24 placement check (user.current with the viewer's token). */
  readonly fetch: typeof fetch;
  /** PUBLIC_URL: its origin is accepted on POSTs besides the request's own, and https there makes cookies Secure. */
  readonly publicUrl?: string | undefined;
  /** The portal's web address (no trailing slash) for links to items, or null when unknown. */
  portalBaseUrl(tenantId: TenantId): Promise<string | null>;
  /** HR people (may hand off anyone's work, as in chat); absent: nobody is HR here. */
  readonly hrPeople?: HrPeopleStore | undefined;
  /** Whether the "Change Related Responsible" robot is registered in the tenant's portal; undefined: not known. */
  robotInstalled?(tenantId: TenantId): Promise<boolean | undefined>;
}
