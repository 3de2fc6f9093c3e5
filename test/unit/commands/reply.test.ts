import { describe, expectTypeOf, it } from 'vitest';
import type { ProblemCode } from '../../../commands/problems.js';
import type {
  ChooseHeadReply,
  ErrorReply,
  HelpReply,
  HistoryReply,
  PreviewReply,
  Reply,
  ReplyAction,
  ReplyActionId,
  ReplyActionRequest,
  ReplyHandoff,
  ReplyInstant,
  ReplyPerson,
  ReplyType,
  StatusReply,
  TextReply,
} from '../../../commands/reply.js';
import type { HandoffErrorCode } from '../../../engine/errors.js';
import type { EntityKind } from '../../../engine/kinds.js';
import type { HandoffStatus, StatusCounts } from '../../../engine/model.js';

describe('Reply model (the contract surfaces render)', () => {
  it('is a union discriminated on type', () => {
    expectTypeOf<ReplyType>().toEqualTypeOf<
      'text' | 'error' | 'preview' | 'status' | 'history' | 'help' | 'choose_head'
    >();
    expectTypeOf<Extract<Reply, { type: 'preview' }>>().toEqualTypeOf<PreviewReply>();
    expectTypeOf<Extract<Reply, { type: 'status' }>>().toEqualTypeOf<StatusReply>();
    expectTypeOf<Extract<Reply, { type: 'choose_head' }>>().toEqualTypeOf<ChooseHeadReply>();
  });

  it('offers a closed set of actions carried as id + opaque value', () => {
    expectTypeOf<ReplyActionId>().toEqualTypeOf<
      | 'start'
      | 'dismiss'
      | 'cancel'
      | 'retry'
      | 'return_now'
      | 'undo'
      | 'choose_head'
      | 'hand_to_backup'
      | 'status'
      | 'request_approval'
      | 'approve'
      | 'decline'
    >();
    expectTypeOf<ReplyAction['value']>().toEqualTypeOf<string>();
    expectTypeOf<ReplyAction['label']>().toEqualTypeOf<string>();
    expectTypeOf<ReplyActionRequest>().toEqualTypeOf<{ readonly id: ReplyActionId; readonly value: string }>();
  });

  it('names errors by code with one sentence', () => {
    expectTypeOf<ErrorReply['code']>().toEqualTypeOf<ProblemCode | HandoffErrorCode>();
    expectTypeOf<ErrorReply['text']>().toEqualTypeOf<string>();
    expectTypeOf<TextReply['tone']>().toEqualTypeOf<'info' | 'success'>();
  });

  it('echoes instants as ISO plus text in the speaker zone', () => {
    expectTypeOf<ReplyInstant>().toEqualTypeOf<{
      readonly iso: string;
      readonly text: string;
      readonly timeZone: string;
    }>();
    expectTypeOf<PreviewReply['returnAt']>().toEqualTypeOf<ReplyInstant | undefined>();
    expectTypeOf<ReplyPerson['name']>().toEqualTypeOf<string>();
  });

  it('shows preview counts per kind and per receiver', () => {
    expectTypeOf<PreviewReply['kinds'][number]['kind']>().toEqualTypeOf<EntityKind>();
    expectTypeOf<PreviewReply['receivers'][number]['total']>().toEqualTypeOf<number>();
    expectTypeOf<PreviewReply['mode']>().toEqualTypeOf<'permanent' | 'temporary'>();
    expectTypeOf<PreviewReply['actions']>().toEqualTypeOf<readonly ReplyAction[]>();
  });

  it('shows status counts per status and per kind', () => {
    expectTypeOf<StatusReply['counts']>().toEqualTypeOf<StatusCounts>();
    expectTypeOf<StatusReply['byKind'][number]['counts']>().toEqualTypeOf<StatusCounts>();
    expectTypeOf<ReplyHandoff['status']>().toEqualTypeOf<HandoffStatus>();
    expectTypeOf<HistoryReply['handoffs']>().toEqualTypeOf<readonly ReplyHandoff[]>();
  });

  it('lists help lines and head choices', () => {
    expectTypeOf<HelpReply['sections'][number]['lines'][number]>().toEqualTypeOf<{
      readonly usage: string;
      readonly text: string;
    }>();
    expectTypeOf<ChooseHeadReply['heads'][number]['action']>().toEqualTypeOf<ReplyAction>();
  });
});
