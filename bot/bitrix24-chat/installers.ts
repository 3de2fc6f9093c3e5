/**
 * What the app registers in a portal when it is installed, in order: the chat bot (this issue), the robot (issue
 * 10), … Each installer gets an application-context client of the portal (the installing admin's tokens) and the
 * public base URL its handlers live under. The install route runs them in order after the tenant and its tokens are
 * stored; one that throws stops the ones after it and makes the install answer 502 (a reinstall runs them all again,
 * so each must be safe to run twice). Add one by appending to the list in bot/bitrix24-wiring.ts.
 * @module
 */
import type { TenantId } from '../../engine/ids.js';
import type { Logger } from '../../engine/ports.js';
import type { Tenant } from '../../storage/tenant-store.js';

/** The slice of the Bitrix24 client an installer calls (bitrix24/client.ts `Bitrix24Client` fits). */
export interface PortalCaller {
  /** Calls a method with the app's tokens; throws PortalError when it fails for good. */
  call(method: string, params?: Readonly<Record<string, unknown>>): Promise<{ readonly result: unknown }>;
}

export interface InstallContext {
  readonly tenantId: TenantId;
  /** The tenant as stored by this install (portal tokens and app record already saved). */
  readonly tenant: Tenant;
  /** The portal's `member_id`. */
  readonly memberId: string;
  /** The portal, as the app (application context: `imbot.*`, `bizproc.robot.*` work). */
  readonly portal: PortalCaller;
  /** Where the portal reaches this app, without a trailing slash, e.g. `https://handoff.example.com`. */
  readonly publicUrl: string;
  readonly logger: Logger;
}

export interface AppInstaller {
  /** For logs and the install's error message, e.g. `chat-bot`, `robot`. */
  readonly name: string;
  /** Registers what this part needs; must be idempotent (reinstalls run it again). */
  install(context: InstallContext): Promise<void>;
}

/** Runs the installers in order; the first failure stops the rest and is rethrown with the installer's name. */
export async function runInstallers(installers: readonly AppInstaller[], context: InstallContext): Promise<void> {
  for (const installer of installers) {
    try {
      await installer.install(context);
      context.logger.info({ tenantId: context.tenantId, installer: installer.name }, 'bitrix24 app part installed');
    } catch (err) {
      throw new InstallerError(installer.name, err);
    }
  }
}

export class InstallerError extends Error {
  constructor(
    readonly installer: string,
    cause: unknown,
  ) {
    super(`installing the ${installer} failed`, { cause });
    this.name = 'InstallerError';
  }
}
