import { describe, expect, it } from 'vitest';
import { demoEnvironment } from '../../../bot/demo-environment.js';

describe('the demo environment', () => {
  it('points PUBLIC_URL at the port it listens on, so chat can hand out console links', () => {
    expect(demoEnvironment({}).PUBLIC_URL).toBe('http://127.0.0.1:3000');
    expect(demoEnvironment({ PORT: '3711' }).PUBLIC_URL).toBe('http://127.0.0.1:3711');
  });

  it('lets the environment win, except SANDBOX', () => {
    const env = demoEnvironment({ PUBLIC_URL: 'https://handoff.example.com', SANDBOX: '0', API_KEY: 'mine' });

    expect(env).toMatchObject({ PUBLIC_URL: 'https://handoff.example.com', SANDBOX: '1', API_KEY: 'mine' });
    expect(demoEnvironment({}).API_KEY).toMatch(/^demo_[0-9a-f]{24}$/);
  });
});
