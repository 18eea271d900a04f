// The composer's state: targets, type, caption (shared, with a per-network override), link, files, when; the live
// problems per target from the one rules module; the Instagram quota read from the host and the daily limits Duet
// counts itself (containers, reels: its usage ledger, live); the draft saved as the user types; and sending it to the
// publish queue.
import { useLiveQuery } from 'dexie-react-hooks';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import {
  checkTarget,
  fbVideoAsFor,
  type FbVideoAs,
  type RuleProblem,
} from '../../../../shared/publish/rules';
import { type Account } from '../../../../shared/models';
import { useApp } from '../../app/context';
import { type DuetDb, type PublishKind, type PublishMediaItem, type PublishNetwork } from '../../data/db';
import { PublishRejection, type PostInput } from '../../data/publish/queue';
import { getPost, blobsOf, isCreatorAccount } from '../../data/repos/publish';
import { limitCounts } from '../../data/repos/publish-usage';
import { useFeatureAccess } from '../privacy/use-permissions';
import { publishQueueFor } from './publish-queue';

/** One attached file with its bytes and a preview address. */
export type ComposerMedia = PublishMediaItem & { blob: Blob; url: string };

export interface ComposerState {
  id: string;
  networks: Record<PublishNetwork, boolean>;
  kind: PublishKind;
  caption: string;
  overrides: Partial<Record<PublishNetwork, string>>;
  link: string;
  media: ComposerMedia[];
  when: 'now' | 'schedule';
  /** The date-time picker's value (local time, `YYYY-MM-DDTHH:mm`). */
  scheduleText: string;
  /** A video on Facebook: the user's choice of plain video or reel (absent: whatever fits its length). */
  fbVideoAs?: FbVideoAs;
}

/** Instagram's quota as read for this composer: known, unknown (with why), or still reading. */
export type QuotaState =
  | { kind: 'reading' }
  | { kind: 'known'; usage: number; total: number; hours: number }
  | { kind: 'unknown'; reason: string };

const DRAFT_SAVE_MS = 800;
export const NETWORK_NAME: Record<PublishNetwork, string> = { facebook: 'Facebook', instagram: 'Instagram' };

/** The epoch ms of a date-time picker's value, or NaN. */
export function scheduleAtOf(text: string): number {
  return text ? new Date(text).getTime() : Number.NaN;
}

function blank(account: Account): ComposerState {
  return {
    id: crypto.randomUUID(),
    networks: { facebook: true, instagram: !!account.instagram },
    kind: 'photo',
    caption: '',
    overrides: {},
    link: '',
    media: [],
    when: 'now',
    scheduleText: '',
  };
}

/** The composer's state and actions. `postId` opens a saved draft or a post not yet started. */
export function useComposer(db: DuetDb, account: Account, postId?: string) {
  const { bridge } = useApp();
  const queue = useMemo(() => publishQueueFor(db, bridge), [db, bridge]);
  const [state, setState] = useState<ComposerState>(() => blank(account));
  const [quota, setQuota] = useState<QuotaState>({ kind: 'reading' });
  const [creator, setCreator] = useState(false);
  const [now, setNow] = useState(() => Date.now());
  const [saved, setSaved] = useState<'none' | 'saving' | 'saved' | 'failed'>('none');
  const touched = useRef(false);
  const savedBlobs = useRef(new Set<string>());
  const ig = account.instagram;

  // Open a saved post.
  useEffect(() => {
    if (!postId) return;
    let live = true;
    void (async () => {
      const post = await getPost(db, postId);
      if (!post || !live) return;
      const blobs = await blobsOf(db, postId);
      for (const id of blobs.keys()) savedBlobs.current.add(id);
      const targets = await db.publishTargets.where('postId').equals(postId).toArray();
      setState({
        id: post.id,
        networks: {
          facebook: targets.some((t) => t.network === 'facebook'),
          instagram: targets.some((t) => t.network === 'instagram'),
        },
        kind: post.kind,
        caption: post.caption,
        overrides: post.overrides,
        link: post.link ?? '',
        media: post.media.map((m) => {
          const blob = blobs.get(m.id) ?? new Blob([]);
          return { ...m, blob, url: URL.createObjectURL(blob) };
        }),
        when: post.scheduleAt !== undefined ? 'schedule' : 'now',
        scheduleText: post.scheduleAt !== undefined ? toPickerValue(post.scheduleAt) : '',
        ...(post.fbVideoAs ? { fbVideoAs: post.fbVideoAs } : {}),
      });
    })();
    return () => void (live = false);
  }, [db, postId]);

  // The quota is read from the host each time the composer opens (never a number of Duet's own).
  useEffect(() => {
    if (!ig) return;
    let live = true;
    bridge.invoke('publish/ig-quota', { accountId: ig.id }).then(
      (r) => {
        if (!live) return;
        if (r.status === 'ok')
          setQuota({
            kind: 'known',
            usage: r.quotaUsage,
            total: r.quotaTotal,
            hours: Math.round(r.quotaDurationS / 3600),
          });
        else setQuota({ kind: 'unknown', reason: r.reason });
      },
      () => live && setQuota({ kind: 'unknown', reason: 'Duet could not read it just now.' }),
    );
    void isCreatorAccount(db, ig.id).then((c) => live && setCreator(c));
    return () => void (live = false);
  }, [bridge, db, ig]);

  // "Now" moves on, so the schedule window is checked against the clock.
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(t);
  }, []);

  const update = useCallback(
    (patch: Partial<ComposerState> | ((s: ComposerState) => Partial<ComposerState>)) => {
      touched.current = true;
      setState((s) => ({ ...s, ...(typeof patch === 'function' ? patch(s) : patch) }));
    },
    [],
  );

  // Instagram takes no text-only posts, and no stories from Creator accounts: it is left out (the reason is shown).
  const igBlocked = state.kind === 'text' || (state.kind === 'story' && creator);
  // A network Duet may not publish to now is left out too, with the reason shown: a permission declined or revoked
  // (Grant again), or no task that publishes in the person's role on the Page.
  const locked: Record<PublishNetwork, boolean> = {
    facebook: !useFeatureAccess('facebook-publish', account.id).allowed,
    instagram: !useFeatureAccess('instagram-publish', account.id).allowed,
  };
  const networks = (Object.keys(state.networks) as PublishNetwork[]).filter(
    (n) => state.networks[n] && !locked[n] && !(n === 'instagram' && (igBlocked || !ig)),
  );
  const scheduleAt = state.when === 'schedule' ? scheduleAtOf(state.scheduleText) : undefined;
  const input: PostInput = {
    id: state.id,
    accountId: account.id,
    ...(ig ? { igAccountId: ig.id } : {}),
    networks,
    kind: state.kind,
    caption: state.caption,
    overrides: state.overrides,
    ...(state.kind === 'text' && state.link.trim() ? { link: state.link.trim() } : {}),
    media: state.kind === 'text' ? [] : state.media.map(({ blob: _b, url: _u, ...m }) => m),
    ...(scheduleAt !== undefined ? { scheduleAt } : {}),
    ...(state.kind === 'video' && state.fbVideoAs ? { fbVideoAs: state.fbVideoAs } : {}),
  };
  // What Duet itself spent against the daily limits in the last 24 h (Meta reads neither count back).
  const usage = useLiveQuery(() => limitCounts(db, account.id, ig?.id, now), [db, account.id, ig?.id, now]);
  const ctx = {
    ...(creator ? { igAccountType: 'MEDIA_CREATOR' as const } : {}),
    ...(quota.kind === 'known' ? { igQuota: { usage: quota.usage, total: quota.total } } : {}),
    ...(usage ?? {}),
  };
  const problems: Record<PublishNetwork, RuleProblem[]> = {
    facebook: networks.includes('facebook')
      ? checkTarget('facebook', ruleDraft(state, 'facebook', scheduleAt), { now, ...ctx })
      : [],
    instagram: networks.includes('instagram')
      ? checkTarget('instagram', ruleDraft(state, 'instagram', scheduleAt), { now, ...ctx })
      : [],
  };

  // Drafts are saved locally as the user types (only once something was typed or attached).
  const key = JSON.stringify(input);
  useEffect(() => {
    if (!touched.current) return;
    const t = setTimeout(() => {
      const fresh = new Map(
        state.media.filter((m) => !savedBlobs.current.has(m.id)).map((m) => [m.id, m.blob] as const),
      );
      setSaved('saving');
      queue.saveDraft({ ...(JSON.parse(key) as PostInput), blobs: fresh }).then(
        () => {
          for (const id of fresh.keys()) savedBlobs.current.add(id);
          setSaved('saved');
        },
        () => setSaved('failed'),
      );
    }, DRAFT_SAVE_MS);
    return () => clearTimeout(t);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the serialised input is the dependency
  }, [key, queue]);

  const submit = useCallback(async (): Promise<string[] | null> => {
    const fresh = new Map(
      state.media.filter((m) => !savedBlobs.current.has(m.id)).map((m) => [m.id, m.blob]),
    );
    try {
      await queue.enqueue({ ...input, blobs: fresh }, ctx);
      return null;
    } catch (error) {
      if (error instanceof PublishRejection)
        return error.problems.map((p) => `${NETWORK_NAME[p.network]}: ${p.message}`);
      return [error instanceof Error ? error.message : 'Duet could not queue the post.'];
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps -- input and ctx are derived from the listed state
  }, [queue, key, creator, quota, usage]);

  // What the Facebook video goes out as: the choice made, or whatever fits the file's length.
  const fbVideoAs = fbVideoAsFor(state.fbVideoAs, state.media);
  return { state, update, problems, quota, usage, creator, saved, submit, now, networks, locked, fbVideoAs };
}

function ruleDraft(s: ComposerState, network: PublishNetwork, scheduleAt: number | undefined) {
  return {
    kind: s.kind,
    caption: s.overrides[network] ?? s.caption,
    link: s.kind === 'text' ? s.link : undefined,
    media: s.kind === 'text' ? [] : s.media,
    scheduleAt,
    ...(network === 'facebook' && s.fbVideoAs ? { fbVideoAs: s.fbVideoAs } : {}),
  };
}

/** A time as the date-time picker writes it (local time). */
export function toPickerValue(ms: number): string {
  const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 16);
}
