/**
 * Reads `view.state.values[block_id][action_id]` (slack.md §2.3) into plain fields. Unanswered inputs are null.
 * @module
 */

export type ViewState = Record<string, Record<string, Record<string, unknown>>>;

function element(state: ViewState, block: string): Record<string, unknown> | undefined {
  return state[block]?.[block];
}

export function selectedUser(state: ViewState, block: string): string | null {
  const value = element(state, block)?.selected_user;
  return typeof value === 'string' ? value : null;
}

export function selectedOption(state: ViewState, block: string): string | null {
  const option = element(state, block)?.selected_option as { value?: unknown } | null | undefined;
  return typeof option?.value === 'string' ? option.value : null;
}

export function selectedOptions(state: ViewState, block: string): string[] {
  const options = element(state, block)?.selected_options;
  if (!Array.isArray(options)) return [];
  return options.map((o: { value?: unknown }) => o.value).filter((v): v is string => typeof v === 'string');
}

export function textValue(state: ViewState, block: string): string | null {
  const value = element(state, block)?.value;
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}
