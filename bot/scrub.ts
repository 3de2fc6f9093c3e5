/**
 * Masks secrets inside free text before it reaches a log line: Slack tokens, Bitrix24 webhook codes, OAuth tokens
 * in query strings and JSON, bearer keys. Field-level redaction (pino `redact`) cannot see a token that a library
 * wrote into its own message string (Bolt and the Socket Mode client log whole payloads at debug level).
 * @module
 */

const PATTERNS: readonly [RegExp, string][] = [
  // Slack bot, user, app-level and refresh tokens.
  [/\bxox[abposr]-[A-Za-z0-9-]+/g, 'xox*-[redacted]'],
  [/\bxapp-[A-Za-z0-9-]+/g, 'xapp-[redacted]'],
  // Bitrix24 incoming webhook: /rest/<userId>/<code>/
  [/(\/rest\/\d+\/)[A-Za-z0-9_-]{6,}/g, '$1[redacted]'],
  // OAuth tokens and secrets in query strings or form bodies.
  [
    /\b(auth|access_token|refresh_token|client_secret|token|code|application_token|event_token)=([^&\s"']+)/gi,
    '$1=[redacted]',
  ],
  // The same in JSON text.
  [
    /"(auth|access_token|refresh_token|client_secret|token|application_token|event_token|accessToken|refreshToken|applicationToken|eventToken)"\s*:\s*"[^"]*"/g,
    '"$1":"[redacted]"',
  ],
  // API keys we issue, and bearer credentials.
  [/\bhnd_[A-Za-z0-9_-]+/g, 'hnd_[redacted]'],
  [/\b(Bearer)\s+[A-Za-z0-9._~+/=-]+/g, '$1 [redacted]'],
];

/**
 * Returns `text` with every known kind of secret masked.
 * @example scrubSecrets('posting with xoxb-1-2-abc') // 'posting with xox*-[redacted]'
 */
export function scrubSecrets(text: string): string {
  let out = text;
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
  return out;
}
