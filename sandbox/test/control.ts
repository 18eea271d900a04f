// The client side of the sandbox's control API (`/__sandbox/<path>`, sandbox/http/control.ts), for every test,
// e2e fixture and soak run that drives a running sandbox over HTTP. (The in-process harness, ./harness.ts, keeps its
// own lenient `ctl`, which returns error answers instead of throwing: conformance tests read them.)

/** Calls a sandbox's control API: GET without a body, POST with a JSON one (or `method`). Throws on an HTTP error. */
export async function sandboxControl<T = unknown>(
  sandbox: { url: string },
  path: string,
  body?: unknown,
  method?: string,
): Promise<T> {
  const res = await fetch(`${sandbox.url}/__sandbox/${path}`, {
    method: method ?? (body === undefined ? 'GET' : 'POST'),
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`sandbox ${path}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}
