import { describe, expect, it } from 'vitest';
import { parseHomeVisit } from '../../../../../bot/slack/listeners/home-visits.js';

describe('parseHomeVisit', () => {
  it.each([
    [
      'Home opened',
      { type: 'event_callback', team_id: 'T1', event: { type: 'app_home_opened', user: 'U1', tab: 'home' } },
      { teamId: 'T1', slackUserId: 'U1' },
    ],
    [
      'the Messages tab',
      { type: 'event_callback', team_id: 'T1', event: { type: 'app_home_opened', user: 'U1', tab: 'messages' } },
      null,
    ],
    [
      'a Home tab button',
      {
        type: 'block_actions',
        team: { id: 'T1' },
        user: { id: 'U2' },
        container: { type: 'view', view_id: 'V1' },
        view: { type: 'home' },
      },
      { teamId: 'T1', slackUserId: 'U2' },
    ],
    [
      'a modal button',
      {
        type: 'block_actions',
        team: { id: 'T1' },
        user: { id: 'U2' },
        container: { type: 'view' },
        view: { type: 'modal' },
      },
      null,
    ],
    [
      'a message button',
      { type: 'block_actions', team: { id: 'T1' }, user: { id: 'U2' }, container: { type: 'message' } },
      null,
    ],
    ['a slash command', { command: '/handoff', team_id: 'T1', user_id: 'U1' }, null],
  ])('%s', (_name, body, expected) => {
    expect(parseHomeVisit(body)).toEqual(expected);
  });
});
