/**
 * The sandbox portal's messenger side for the installed app: chat bots (`imbot.*`), their messages and keyboards,
 * registered commands, notifications (`im.notify.*`) and the install itself (handler URL, application token).
 * Methods are in methods/im.ts; the events the portal posts to the app are in app-events.ts.
 * @module
 */

/** One keyboard button as stored (reference §10.1 keyboard format). `{ TYPE: 'NEWLINE' }` rows are kept too. */
export interface SandboxButton {
  readonly TEXT?: string;
  readonly COMMAND?: string;
  readonly COMMAND_PARAMS?: string;
  readonly LINK?: string;
  readonly ACTION?: string;
  readonly ACTION_VALUE?: string;
  readonly BLOCK?: string;
  readonly TYPE?: string;
  readonly [key: string]: unknown;
}

export interface SandboxBot {
  readonly id: number;
  readonly code: string;
  readonly type: string;
  name: string;
  /** EVENT_MESSAGE_ADD (or EVENT_HANDLER) and the others, absolute URLs. */
  handlers: { messageAdd: string; welcome?: string; botDelete?: string };
}

export interface SandboxBotMessage {
  readonly id: number;
  /** The bot that wrote it, or undefined for a person's message. */
  readonly botId?: number;
  /** The person who wrote it (messages to the bot). */
  readonly authorId?: number;
  /** `"27"` for the private chat with user 27. */
  readonly dialogId: string;
  message: string;
  keyboard: SandboxButton[];
  deleted: boolean;
  /** imbot.message.update calls that reached it. */
  edits: number;
  /** Buttons pressed that had BLOCK: 'Y' (by index). */
  readonly blocked: Set<number>;
}

export interface SandboxCommand {
  readonly id: number;
  readonly botId: number;
  readonly command: string;
  readonly handler: string;
}

export interface SandboxNotification {
  readonly id: number;
  readonly kind: 'personal' | 'system';
  readonly toUserId: number;
  /** The calling user (personal) — system notifications have none. */
  readonly fromUserId?: number;
  readonly message: string;
  readonly tag?: string;
}

export interface InstalledApp {
  /** Where ONAPPINSTALL / ONAPPUNINSTALL go (the local app's handler path). */
  readonly handlerUrl: string;
  readonly applicationToken: string;
  /** Who installed it (the admin whose tokens the app got). */
  readonly userId: number;
}

export class ImState {
  readonly bots = new Map<number, SandboxBot>();
  readonly messages = new Map<number, SandboxBotMessage>();
  readonly commands = new Map<number, SandboxCommand>();
  readonly notifications: SandboxNotification[] = [];
  app: InstalledApp | undefined;
  /** event.bind: event name (upper case) → handler URL. */
  readonly eventHandlers = new Map<string, string>();
  private nextBotId = 1001;
  private nextMessageId = 1;
  private nextCommandId = 1;
  private nextNotificationId = 1;

  botByCode(code: string): SandboxBot | undefined {
    return [...this.bots.values()].find((b) => b.code === code);
  }

  addBot(bot: Omit<SandboxBot, 'id'>): SandboxBot {
    const stored: SandboxBot = { ...bot, id: this.nextBotId++ };
    this.bots.set(stored.id, stored);
    return stored;
  }

  removeBot(id: number): void {
    this.bots.delete(id);
    for (const [cid, command] of this.commands) if (command.botId === id) this.commands.delete(cid);
  }

  addMessage(message: Omit<SandboxBotMessage, 'id' | 'deleted' | 'edits' | 'blocked'>): SandboxBotMessage {
    const stored: SandboxBotMessage = {
      ...message,
      id: this.nextMessageId++,
      deleted: false,
      edits: 0,
      blocked: new Set(),
    };
    this.messages.set(stored.id, stored);
    return stored;
  }

  addCommand(command: Omit<SandboxCommand, 'id'>): SandboxCommand {
    const existing = [...this.commands.values()].find(
      (c) => c.botId === command.botId && c.command === command.command,
    );
    if (existing) return existing;
    const stored: SandboxCommand = { ...command, id: this.nextCommandId++ };
    this.commands.set(stored.id, stored);
    return stored;
  }

  commandOf(botId: number, command: string): SandboxCommand | undefined {
    return [...this.commands.values()].find((c) => c.botId === botId && c.command === command);
  }

  addNotification(notification: Omit<SandboxNotification, 'id'>): number {
    const id = this.nextNotificationId++;
    // A new notification with the same TAG replaces the older ones (reference §10.3).
    if (notification.tag !== undefined) {
      for (let i = this.notifications.length - 1; i >= 0; i -= 1) {
        const old = this.notifications[i];
        if (old?.tag === notification.tag && old.toUserId === notification.toUserId) this.notifications.splice(i, 1);
      }
    }
    this.notifications.push({ ...notification, id });
    return id;
  }

  /** Messages of a dialog in order, deleted ones left out. */
  dialog(dialogId: string): SandboxBotMessage[] {
    return [...this.messages.values()].filter((m) => m.dialogId === dialogId && !m.deleted);
  }
}
