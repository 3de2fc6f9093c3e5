/**
 * What every Slack listener gets: the engine service, the tenant resolver, identity and links, clock and logger,
 * and (once commands/run.ts is wired) the command runner.
 * @module
 */
import type { Clock, Logger } from '../../engine/ports.js';
import type { HandoffService } from '../../engine/service-types.js';
import type { HrPeopleStore } from '../../storage/hr-people-store.js';
import type { SlackIdentity } from './identity.js';
import type { IdentityLinkStore, SlackTenantResolver } from './ports.js';

export interface ListenerContext {
  readonly service: HandoffService;
  readonly tenants: SlackTenantResolver;
  readonly links: IdentityLinkStore;
  readonly identity: SlackIdentity;
  readonly clock: Clock;
  readonly logger: Logger;
  /** HR people (issue 12): they may hand off anyone's work in the dialog too. */
  readonly hrPeople?: HrPeopleStore;
}
