// `npm run dist` decides the update feed a build gets, and whether it must be signed, before electron-builder runs.
import { describe, expect, it } from 'vitest';
import { UPDATE_FEED_PLACEHOLDER } from '../shared/security/update-feed';
import { planDist } from './dist';

describe('planDist', () => {
  it('without DUET_UPDATE_URL builds with the placeholder feed and says the build will not update itself', () => {
    const plan = planDist({}, ['--linux']);
    expect(plan.ok).toBe(true);
    if (!plan.ok) return;
    expect(plan.env.DUET_UPDATE_URL).toBe(UPDATE_FEED_PLACEHOLDER);
    expect(plan.args).toEqual(['--linux']);
    expect(plan.notes.join(' ')).toMatch(/DUET_UPDATE_URL is not set.*will not look for updates/);
  });

  it('with a good feed writes it into the build and requires code signing (macOS, Windows)', () => {
    const plan = planDist({ DUET_UPDATE_URL: ' https://updates.example.com/duet/ ' }, ['--win']);
    expect(plan.ok).toBe(true);
    if (!plan.ok) return;
    expect(plan.env.DUET_UPDATE_URL).toBe('https://updates.example.com/duet/');
    expect(plan.args).toEqual(['--config.forceCodeSigning=true', '--win']);
  });

  it.each([
    ['http://updates.example.com/duet/', /https/],
    ['https://www.facebook.com/duet/', /Meta/],
    ['https://me:pw@updates.example.com/', /password|user name/],
    ['https://updates.duet.invalid/', /placeholder/],
    ['updates.example.com', /not a full address/],
  ])('refuses to build with DUET_UPDATE_URL=%s', (url, reason) => {
    const plan = planDist({ DUET_UPDATE_URL: url }, []);
    expect(plan.ok).toBe(false);
    if (plan.ok) return;
    expect(plan.message).toMatch(reason);
    expect(plan.message).toContain('DUET_UPDATE_URL');
  });
});
