/**
 * The console's page frame: head, header (who is signed in, portal connection, robot, Slack), navigation and the
 * script and stylesheet (served by routes.ts from assets/). Nothing secret is rendered: the session cookie is
 * HttpOnly; the page carries only the CSRF token, which is useless without the cookie.
 * @module
 */
import type { Child, FC } from 'hono/jsx';

/** What the header shows about the tenant's connections. */
export interface HeaderFacts {
  readonly userName: string;
  /** e.g. `acme.bitrix24.com`; null when the tenant has no portal. */
  readonly portal: string | null;
  readonly robot: 'installed' | 'not_installed' | 'unknown';
  readonly slack: boolean;
}

const Status: FC<{ label: string; state: 'ok' | 'off' | 'unknown'; text: string }> = ({ label, state, text }) => (
  <li class={`status status-${state}`}>
    <span class="status-dot" aria-hidden="true" />
    <span class="status-label">{label}</span> <span class="status-text">{text}</span>
  </li>
);

export const Header: FC<{ facts: HeaderFacts; active: 'transfer' | 'robot' }> = ({ facts, active }) => (
  <header class="top">
    <div class="top-inner">
      <a class="brand" href="/app">
        <span class="brand-mark" aria-hidden="true">
          H
        </span>
        Handoff
      </a>
      <ul class="statuses" aria-label="Connections">
        <Status
          label="Portal"
          state={facts.portal ? 'ok' : 'off'}
          text={facts.portal ? `connected · ${facts.portal}` : 'not connected'}
        />
        <Status
          label="Robot"
          state={facts.robot === 'installed' ? 'ok' : facts.robot === 'not_installed' ? 'off' : 'unknown'}
          text={
            facts.robot === 'installed' ? 'installed' : facts.robot === 'not_installed' ? 'not installed' : 'unknown'
          }
        />
        <Status label="Slack" state={facts.slack ? 'ok' : 'off'} text={facts.slack ? 'connected' : 'not connected'} />
      </ul>
      <p class="who">
        Signed in as <strong>{facts.userName}</strong>
      </p>
    </div>
    <nav class="tabs" aria-label="Console">
      <a href="/app" aria-current={active === 'transfer' ? 'page' : undefined}>
        Transfers
      </a>
      <a href="/app/robot" aria-current={active === 'robot' ? 'page' : undefined}>
        Robot guide
      </a>
    </nav>
  </header>
);

export const Document: FC<{ title: string; csrfToken?: string; children?: Child }> = ({
  title,
  csrfToken,
  children,
}) => (
  <html lang="en">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <meta name="referrer" content="no-referrer" />
      {csrfToken === undefined ? null : <meta name="csrf-token" content={csrfToken} />}
      <title>{title}</title>
      <link rel="icon" href="/app/assets/icon.svg" type="image/svg+xml" />
      <link rel="stylesheet" href="/app/assets/console.css" />
      {csrfToken === undefined ? null : <script src="/app/assets/console.js" defer />}
    </head>
    <body>{children}</body>
  </html>
);
