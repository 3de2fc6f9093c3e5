/**
 * The page for a link or portal check that did not pass: what happened in plain words and how to get in, with no
 * detail an attacker could use (which check failed inside is logged, not shown).
 * @module
 */
import type { FC } from 'hono/jsx';
import { Document } from './layout.js';

export type RefusalReason = 'expired' | 'invalid' | 'signed_out' | 'portal_refused' | 'unknown_portal';

const TEXTS: Record<RefusalReason, { title: string; text: string }> = {
  expired: {
    title: 'This console link has expired',
    text: 'Console links work for 15 minutes. Ask for a fresh one: type /handoff console in Slack (or to the Handoff bot in Bitrix24 chat).',
  },
  invalid: {
    title: 'This console link is not valid',
    text: 'The link was changed or was not made by Handoff. Ask for a fresh one: type /handoff console in Slack (or to the Handoff bot in Bitrix24 chat).',
  },
  signed_out: {
    title: 'Sign in to the Handoff console',
    text: 'Open the console from chat: type /handoff console in Slack (or to the Handoff bot in Bitrix24 chat), or open the Handoff app in your Bitrix24 portal.',
  },
  portal_refused: {
    title: 'Bitrix24 did not confirm who you are',
    text: 'Reload the Handoff app in your portal. If this keeps happening, ask your portal administrator to reinstall Handoff.',
  },
  unknown_portal: {
    title: 'Handoff is not installed for this portal',
    text: 'Ask your portal administrator to install the Handoff app, then open it again.',
  },
};

export const RefusedPage: FC<{ reason: RefusalReason }> = ({ reason }) => {
  const { title, text } = TEXTS[reason];
  return (
    <Document title={`${title} · Handoff`}>
      <main class="refused">
        <div class="card refused-card" role="alert">
          <span class="brand-mark" aria-hidden="true">
            H
          </span>
          <h1>{title}</h1>
          <p>{text}</p>
        </div>
      </main>
    </Document>
  );
};
