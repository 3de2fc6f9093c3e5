import { describe, expect, it } from 'vitest';
import { CONSOLE_SCRIPT } from '../../../../bot/console/assets/console-script.js';
import { CONSOLE_STYLE } from '../../../../bot/console/assets/console-style.js';

describe('console assets', () => {
  it('the client script is valid JavaScript (parsed, not run) and sends the CSRF token on POSTs', () => {
    expect(() => new Function(CONSOLE_SCRIPT)).not.toThrow();
    expect(CONSOLE_SCRIPT).toContain("h['x-csrf-token'] = csrf");
    // Everything it shows is set as text, never as HTML: portal titles cannot inject markup.
    expect(CONSOLE_SCRIPT).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write/);
  });

  it('the stylesheet turns tables into labelled rows below 640 px', () => {
    expect(CONSOLE_STYLE).toContain('@media (max-width: 640px)');
    expect(CONSOLE_STYLE).toContain('content: attr(data-label)');
  });
});
