import { describe, expect, it } from 'vitest';
import { checkEndpointUrl, isLoopbackHost } from './endpoint-url';

describe('checkEndpointUrl', () => {
  it.each([
    ['https://graph.facebook.com', 'https://graph.facebook.com'],
    ['https://graph.facebook.com/', 'https://graph.facebook.com'],
    ['HTTPS://Graph.Facebook.COM', 'https://graph.facebook.com'],
    ['https://www.facebook.com:443', 'https://www.facebook.com'],
    ['https://broker.example/exchange/', 'https://broker.example/exchange'],
    ['  https://broker.example/exchange  ', 'https://broker.example/exchange'],
    ['http://127.0.0.1:4010', 'http://127.0.0.1:4010'],
    ['http://127.1.2.3:80/', 'http://127.1.2.3'],
    ['http://127.1:9', 'http://127.0.0.1:9'],
    ['http://localhost:3000/broker', 'http://localhost:3000/broker'],
    ['http://LOCALHOST:3000', 'http://localhost:3000'],
    ['http://[::1]:8080', 'http://[::1]:8080'],
    ['http://2130706433:8080', 'http://127.0.0.1:8080'],
  ])('accepts %s as %s', (raw, normalized) => {
    expect(checkEndpointUrl(raw)).toEqual({ ok: true, url: normalized });
  });

  it.each([
    ['http://evil.example/collect', /https/],
    ['http://graph.facebook.com', /https/],
    ['http://192.168.1.10:8080', /https/],
    ['http://10.0.0.1', /https/],
    ['http://0.0.0.0:8080', /https/],
    ['http://[::ffff:127.0.0.1]', /https/],
    ['http://localhost.evil.example', /https/],
    ['http://127.0.0.1.evil.example', /https/],
    ['https://user:pass@graph.facebook.com', /user name or password/],
    ['https://token@broker.example', /user name or password/],
    ['https://graph.facebook.com/#x', /#/],
    ['https://graph.facebook.com#', /#/],
    ['https://broker.example/exchange?to=evil', /\?/],
    ['https://broker.example/exchange?', /\?/],
    ['ftp://graph.facebook.com', /https/],
    ['javascript:alert(1)', /https/],
    ['file:///etc/passwd', /https/],
    ['data:text/html,hi', /https/],
    ['notaurl', /not a web address/],
    ['', /not a web address/],
    ['https://', /not a web address/],
    ['https://broker.example/a\\b', /backslash/],
  ])('refuses %s', (raw, reason) => {
    const r = checkEndpointUrl(raw);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(reason);
  });

  it.each([
    ['localhost', true],
    ['127.0.0.1', true],
    ['127.255.255.254', true],
    ['[::1]', true],
    ['128.0.0.1', false],
    ['localhost.example', false],
    ['example.com', false],
  ])('isLoopbackHost(%s) = %s', (host, yes) => {
    expect(isLoopbackHost(host)).toBe(yes);
  });
});
