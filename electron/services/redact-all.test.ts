// Every log path redacts with the same function, and that function removes user, Page and Instagram tokens
// wherever they appear: URLs, form and JSON bodies, headers, and bare in a message.
import { describe, expect, it } from 'vitest';
import { redact as ipcRedact } from '../main/ipc';
import { redact as clientRedact } from './graph/client';

const USER = 'EAAR' + 'xY_9-kLmN0pQrStUvWxYz_12-34abcdEFGH';
const PAGE = 'EAAB' + 'Zq-_r8sT9uVwXyZ0123456789abcdefGHIJ';
const IG = 'IGQV' + 'JWb3-_Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA';
const IGAA = 'IGAA' + 'Kx-_y0123456789abcdefghijklmnopqrstuv';

const cases: Array<[string, string, string]> = [
  ['user token in a query', `GET https://graph.facebook.com/v25.0/me?fields=id&access_token=${USER}`, USER],
  ['Page token in a form body', `recipient=%7B%7D&access_token=${PAGE}&message=hi`, PAGE],
  ['token in JSON', `{"access_token":"${USER}","expires_in":5183944}`, USER],
  [
    'bare user token in an error message',
    `Invalid OAuth access token - Cannot parse access token ${USER}`,
    USER,
  ],
  ['bare Page token', `page ${PAGE} failed`, PAGE],
  ['bare Instagram token', `ig token ${IG}.`, IG],
  ['Instagram user token', `token=${IGAA}`, IGAA],
  ['bearer header', `authorization: Bearer ${PAGE}`, PAGE],
  ['fb_exchange_token', `fb_exchange_token=${USER}&client_id=1`, USER],
  ['input_token of debug_token', `/debug_token?input_token=${USER}`, USER],
  [
    'token in a fragment',
    `https://www.facebook.com/connect/login_success.html#access_token=${USER}&expires_in=1`,
    USER,
  ],
];

describe.each([
  ['graph client', clientRedact],
  ['IPC host', ipcRedact],
])('redact (%s)', (_where, redact) => {
  it.each(cases)('removes the %s', (_label, text, token) => {
    const out = redact(text);
    expect(out).not.toContain(token);
    // No tail of the token survives either (base64url tokens contain - and _).
    expect(out).not.toContain(token.slice(-12));
  });

  it('keeps ordinary text', () => {
    expect(redact('graph GET /v25.0/123/feed → 200 in 12 ms')).toBe(
      'graph GET /v25.0/123/feed → 200 in 12 ms',
    );
  });
});

it('is one function everywhere', () => {
  expect(clientRedact).toBe(ipcRedact);
});
