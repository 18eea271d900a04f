/**
 * The one redactor for every log line, bridge error and diagnostics text: removes user, Page and Instagram tokens
 * from URLs (query and fragment), form and JSON bodies, authorization headers, and bare in messages.
 */
export function redact(text: string): string {
  return (
    text
      // Any parameter named *token / *secret (access_token, input_token, fb_exchange_token, client_secret) and the
      // OAuth code/state, in a query, a fragment, a form body or a log line.
      .replace(/([?&#\s;,]|^)([\w.-]*(?:token|secret)|code|state)=([^&\s"'#]+)/gi, '$1$2=[redacted]')
      // The same names as JSON members ("access_token":"…").
      .replace(/("[\w.-]*(?:token|secret)"\s*:\s*")[^"]*/gi, '$1[redacted]')
      .replace(/(Bearer|OAuth)\s+[\w.~+/-]+=*/gi, '$1 [redacted]')
      // Bare Graph tokens: Facebook user/Page tokens start with EA, Instagram ones with IG; both are base64url-ish.
      .replace(/\b(?:EA|IG)[A-Za-z0-9_-]{20,}/g, '[redacted-token]')
  );
}
