/**
 * Automation robots of the sandbox portal (reference §11): what `bizproc.robot.add` registered, the event tokens the
 * portal issued, the `bizproc.event.send` calls it received (for tests to inspect), and `trigger`, which posts a
 * robot call to the registered HANDLER the way the portal's queue server does: form-encoded PHP-style keys
 * (`document_id[2]=DEAL_12`, `properties[newResponsible]=user_5`, `auth[application_token]=…`), every value a string.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { encodeQuery } from './qs.js';
import type { OAuthTokens } from './types.js';

export interface RobotProperty {
  readonly Name: unknown;
  readonly Type: string;
  readonly Required?: string;
  readonly Multiple?: string;
  readonly Default?: unknown;
  readonly Options?: unknown;
  readonly Description?: unknown;
}

/** One robot as `bizproc.robot.add` stored it. */
export interface RegisteredRobot {
  readonly code: string;
  readonly handler: string;
  readonly authUserId: number | undefined;
  readonly useSubscription: string;
  readonly name: unknown;
  readonly properties: Readonly<Record<string, RobotProperty>>;
  readonly filter: unknown;
}

/** One `bizproc.event.send` the portal accepted. */
export interface SentRobotEvent {
  readonly eventToken: string;
  readonly code: string;
  readonly returnValues: Readonly<Record<string, unknown>>;
  readonly logMessage: string | undefined;
  readonly at: number;
}

/** The document a robot runs for: a deal or a lead (CCrmDocumentDeal / CCrmDocumentLead). */
export interface RobotDocument {
  readonly kind: 'deals' | 'leads';
  readonly id: number;
}

export interface RobotTrigger {
  readonly code: string;
  readonly document: RobotDocument;
  /** Property values as the robot's settings hold them; a `user` property is given as a user id (sent as `user_<id>`). */
  readonly properties: Readonly<Record<string, string | number | boolean | undefined>>;
  /** Reuse an event token (a redelivery of the same call); default a new one. */
  readonly eventToken?: string;
  /** Replace the application token (a forged call). */
  readonly applicationToken?: string;
}

export interface RobotDelivery {
  readonly status: number;
  readonly eventToken: string;
  readonly body: string;
}

const DOCUMENT_CLASS = { deals: ['CCrmDocumentDeal', 'DEAL'], leads: ['CCrmDocumentLead', 'LEAD'] } as const;

export class SandboxRobots {
  readonly robots = new Map<string, RegisteredRobot>();
  readonly events: SentRobotEvent[] = [];
  /** event_token → the robot code it was issued for and whether an event used it up. */
  private readonly tokens = new Map<string, { code: string; used: boolean }>();
  private workflows = 0;
  /** Used when no app was installed through `installApp` (tests that register the robot directly). */
  private readonly fallbackToken = `sandboxapptoken${randomBytes(8).toString('hex')}`;

  constructor(
    private readonly portal: {
      readonly now: () => number;
      issueTokens(userId?: number): OAuthTokens;
      /** The installed app (sandbox/app-events.ts installApp), whose application_token robot calls carry. */
      readonly im?: { readonly app?: { readonly applicationToken: string } | undefined };
    },
  ) {}

  /** The app's `application_token` (ONAPPINSTALL): every robot call carries it in `auth[application_token]`. */
  get applicationToken(): string {
    return this.portal.im?.app?.applicationToken ?? this.fallbackToken;
  }

  add(robot: RegisteredRobot): void {
    this.robots.set(robot.code, robot);
  }

  /** Marks the token used and records the event; false for an unknown or already used token. */
  acceptEvent(eventToken: string, returnValues: Record<string, unknown>, logMessage: string | undefined): boolean {
    const token = this.tokens.get(eventToken);
    if (!token || token.used) return false;
    token.used = true;
    this.events.push({ eventToken, code: token.code, returnValues, logMessage, at: this.portal.now() });
    return true;
  }

  /** The form body the portal posts to a robot's handler. */
  buildCall(trigger: RobotTrigger): { eventToken: string; body: string; handler: string } {
    const robot = this.robots.get(trigger.code);
    if (!robot) throw new Error(`sandbox: no robot ${trigger.code}`);
    const eventToken = trigger.eventToken ?? `${randomBytes(12).toString('hex')}|${trigger.code}`;
    if (!this.tokens.has(eventToken)) this.tokens.set(eventToken, { code: trigger.code, used: false });
    this.workflows += 1;
    const [documentClass, documentType] = DOCUMENT_CLASS[trigger.document.kind];
    const userId = robot.authUserId ?? 1;
    const tokens = this.portal.issueTokens(userId);
    const properties: Record<string, string> = {};
    for (const [key, value] of Object.entries(trigger.properties)) {
      if (value === undefined) continue;
      const type = robot.properties[key]?.Type;
      if (type === 'user') properties[key] = `user_${value}`;
      else if (type === 'bool') properties[key] = value === true || value === 'Y' ? 'Y' : 'N';
      else properties[key] = String(value);
    }
    const body = encodeQuery({
      workflow_id: `${this.workflows.toString(16).padStart(8, '0')}a1b2c3.12345678`,
      code: robot.code,
      document_id: ['crm', documentClass, `${documentType}_${trigger.document.id}`],
      document_type: ['crm', documentClass, documentType],
      event_token: eventToken,
      properties,
      use_subscription: robot.useSubscription === 'N' ? 'N' : 'Y',
      timeout_duration: '0',
      ts: String(Math.floor(this.portal.now() / 1000)),
      auth: {
        access_token: tokens.access_token,
        expires_in: String(tokens.expires_in),
        scope: tokens.scope,
        domain: tokens.domain,
        server_endpoint: tokens.server_endpoint,
        client_endpoint: tokens.client_endpoint,
        member_id: tokens.member_id,
        user_id: String(userId),
        application_token: trigger.applicationToken ?? this.applicationToken,
        status: tokens.status,
      },
    });
    return { eventToken, body, handler: robot.handler };
  }

  /**
   * Posts a robot call to the registered handler, as the queue server does (no retries: §4 says robot calls are
   * never redelivered; a test redelivers by passing the same `eventToken`).
   */
  async trigger(trigger: RobotTrigger): Promise<RobotDelivery> {
    const call = this.buildCall(trigger);
    const response = await fetch(call.handler, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: call.body,
    });
    await response.arrayBuffer();
    return { status: response.status, eventToken: call.eventToken, body: call.body };
  }
}
