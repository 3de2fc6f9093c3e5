/** A tiny JSON-over-HTTP helper for the sandbox tests (plain fetch, redirects left to the test). */

export interface Answer {
  readonly status: number;
  readonly json: Record<string, unknown>;
  readonly location: string | null;
}

/** POSTs a JSON body to `${base}${method}` and reads the JSON answer. */
export async function post(base: string, method: string, body: unknown = {}): Promise<Answer> {
  const response = await fetch(`${base}${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body),
    redirect: 'manual',
  });
  const text = await response.text();
  return {
    status: response.status,
    json: text ? (JSON.parse(text) as Record<string, unknown>) : {},
    location: response.headers.get('location'),
  };
}
