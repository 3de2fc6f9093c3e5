/**
 * The date notice DM (scheduled, moved, cancelled) for one reader, in their zone: the sentence from
 * commands/date-notices.ts and where to look.
 * @module
 */
import { dateNoticeText } from '../../../commands/date-notices.js';
import { formatInstant } from '../../../commands/time-zone.js';
import { formatHandoffNo } from '../../../engine/ids.js';
import type { Handoff } from '../../../engine/model.js';
import type { HandoffNotice } from '../../../engine/ports.js';
import { compact, context, section } from './blocks.js';
import type { RenderedMessage } from './progress.js';

export interface NoticeInput {
  readonly handoff: Handoff;
  readonly notice: HandoffNotice;
  readonly role: 'from' | 'to';
  readonly fromName: string;
  readonly toNames: readonly string[];
  readonly timeZone: string;
}

export function renderNotice(input: NoticeInput): RenderedMessage {
  const { handoff, notice, timeZone } = input;
  const at = (d: Date | undefined) => (d === undefined ? undefined : formatInstant(d, timeZone));
  const { when } = handoff.plan;
  const ref = formatHandoffNo(handoff.no);
  const startText = at(when.startAt);
  const returnText = at(when.mode === 'temporary' ? when.returnAt : undefined);
  const previousStartText = at(notice.previous?.startAt);
  const previousReturnText = at(notice.previous?.returnAt);
  const text = dateNoticeText({
    ref,
    kind: notice.kind,
    role: input.role,
    fromName: input.fromName,
    toNames: input.toNames,
    ...(startText === undefined ? {} : { startText }),
    ...(returnText === undefined ? {} : { returnText }),
    ...(previousStartText === undefined ? {} : { previousStartText }),
    ...(previousReturnText === undefined ? {} : { previousReturnText }),
  });
  return {
    text,
    blocks: compact([
      section(text),
      notice.kind === 'cancelled' ? undefined : context(`Details: \`/handoff status ${ref}\``),
    ]),
  };
}
