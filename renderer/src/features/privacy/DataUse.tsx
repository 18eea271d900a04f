// The data-use notice: what Duet sends where, in plain words (the same text as docs/data-use.md).

/** What Duet sends where. `graphHost` is the address Duet talks to now (Meta's, or one you configured). */
export function DataUse(props: { graphHost?: string }) {
  return (
    <div className="privacy-text">
      <p>
        Duet has no server of its own. It talks only to Meta’s Graph API
        {props.graphHost ? ` (now: ${props.graphHost})` : ''} — or to the address you set under Settings →
        Connection — to read your Pages’ posts, Instagram media and conversations and to send your replies.
      </p>
      <p>
        Pictures and videos come from Meta’s media servers. An installed release also asks its update server
        whether a new version exists; that request carries Duet’s version and your operating system, nothing
        about your Pages or messages.
      </p>
      <p>
        No telemetry, no analytics, no crash reports leave your computer. What Duet saves (posts, messages,
        pictures) stays on this computer until you delete it or sign out; the access token is kept in your
        system’s keychain, encrypted, where there is one (otherwise in a file only you can read) and is never
        shown.
      </p>
    </div>
  );
}
