/**
 * Meta's error envelope: `{"error":{"message","type","code","error_subcode","fbtrace_id"}}`.
 * Source: https://developers.facebook.com/docs/graph-api/guides/error-handling/
 * Messenger codes: https://developers.facebook.com/docs/messenger-platform/reference/send-api/error-codes
 */

/** The JSON body Meta returns for an error. */
export interface GraphErrorBody {
  error: {
    message: string;
    type: string;
    code: number;
    error_subcode?: number;
    is_transient?: boolean;
    error_user_title?: string;
    error_user_msg?: string;
    fbtrace_id: string;
  };
}

/** A Graph API error with its HTTP status; thrown by handlers and rendered by the router. */
export class GraphError extends Error {
  /** Creates an error; `status` defaults to 400 like most Graph errors. */
  constructor(
    message: string,
    readonly code: number,
    readonly type: string = 'OAuthException',
    readonly subcode?: number,
    readonly status: number = 400,
    readonly extra: { is_transient?: boolean; error_user_title?: string; error_user_msg?: string } = {},
  ) {
    super(message);
  }

  /** Renders Meta's envelope with a trace id. */
  toBody(fbtraceId: string): GraphErrorBody {
    const error: Omit<GraphErrorBody['error'], 'fbtrace_id'> = {
      message: this.message,
      type: this.type,
      code: this.code,
    };
    if (this.subcode !== undefined) error.error_subcode = this.subcode;
    Object.assign(error, this.extra);
    return { error: { ...error, fbtrace_id: fbtraceId } };
  }
}

/** Error constructors for every class Duet handles, with Meta's wording. */
export const errors = {
  /** https://developers.facebook.com/docs/graph-api/guides/error-handling/ (code 104, no token). */
  noToken: () => new GraphError('An access token is required to request this resource.', 104),
  /** 190 for a token that cannot be parsed. */
  badToken: () => new GraphError('Invalid OAuth access token - Cannot parse access token', 190),
  /** 190/463: expired. https://developers.facebook.com/docs/graph-api/guides/error-handling/#errorcodes */
  expired: (when: number) =>
    new GraphError(
      `Error validating access token: Session has expired on ${new Date(when).toUTCString()}. The current time is ${new Date().toUTCString()}.`,
      190,
      'OAuthException',
      463,
    ),
  /** 190/460: password changed / session invalidated. */
  revoked: () =>
    new GraphError(
      'Error validating access token: The session has been invalidated because the user changed their password or Facebook has changed the session for security reasons.',
      190,
      'OAuthException',
      460,
    ),
  /** 190/467: invalid access token (e.g. the user logged out). */
  invalidated: () =>
    new GraphError(
      'Error validating access token: The user is not logged into Facebook.',
      190,
      'OAuthException',
      467,
    ),
  /** 100/33: unknown object id. */
  noObject: (id: string, method: string) =>
    new GraphError(
      `Unsupported ${method.toLowerCase()} request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api`,
      100,
      'GraphMethodException',
      33,
    ),
  /** 2500: unknown edge. */
  unknownPath: (rest: string) => new GraphError(`Unknown path components: /${rest}`, 2500),
  /** 100: unknown field on a node type. */
  nonexistingField: (field: string, nodeType: string) =>
    new GraphError(`(#100) Tried accessing nonexisting field (${field}) on node type (${nodeType})`, 100),
  /**
   * 100: a legacy feature closed to new apps on 4 Nov 2026, on every version (multi-ID requests, the HTTP method
   * override, field aliases). https://developers.facebook.com/blog/post/2026/11/04/introducing-graph-api-v27-and-marketing-api-v27/
   */
  legacyFeature: (feature: string) =>
    new GraphError(
      `(#100) ${feature} is not available to new apps. Make one request per object, with the HTTP method of the operation and the fields' own names.`,
      100,
    ),
  /** 100: bad or missing parameter. */
  param: (message: string, subcode?: number) =>
    new GraphError(`(#100) ${message}`, 100, 'OAuthException', subcode),
  /**
   * Data access expired (90 days without use or re-consent): an OAuthException 190 without a subcode. The exact
   * wording Meta sends is unverified; https://developers.facebook.com/docs/facebook-login/auth-vs-data says data
   * calls fail until the person logs in again.
   */
  dataAccessExpired: () =>
    new GraphError(
      'Error validating access token: Data access for this app has expired. The user must log in again to renew it.',
      190,
      'OAuthException',
    ),
  /** 10: read permission missing. */
  permissionRead: (perm: string) =>
    new GraphError(
      `(#10) This endpoint requires the '${perm}' permission or the 'Page Public Content Access' feature.`,
      10,
    ),
  /** 200: write/manage permission missing. */
  permissionWrite: (perm: string) =>
    new GraphError(`(#200) Requires ${perm} permission to manage the object`, 200),
  /** 210: a Page token is required. */
  pageTokenRequired: () =>
    new GraphError('(#210) A page access token is required to request this resource.', 210),
  /** 2 transient, is_transient true. */
  transient: () =>
    new GraphError(
      'An unexpected error has occurred. Please retry your request later.',
      2,
      'OAuthException',
      undefined,
      500,
      {
        is_transient: true,
      },
    ),
  /** 1 unknown error. */
  unknown: () =>
    new GraphError('An unknown error occurred', 1, 'OAuthException', 99, 500, { is_transient: false }),
  /** 368: blocked for policy. */
  policyBlock: () =>
    new GraphError(
      'The action attempted has been deemed abusive or is otherwise disallowed',
      368,
      'OAuthException',
      1390008,
    ),
  /** 10/2018278: outside the 24 h window. https://developers.facebook.com/docs/messenger-platform/reference/send-api/error-codes */
  outsideWindow: () =>
    new GraphError(
      '(#10) This message is sent outside of allowed window. Learn more about the new policy here: https://developers.facebook.com/docs/messenger-platform/policy-overview',
      10,
      'OAuthException',
      2018278,
    ),
  /** 551/1545041: recipient not available. https://developers.facebook.com/docs/messenger-platform/reference/send-api/error-codes */
  unavailable: () =>
    new GraphError("(#551) This person isn't available right now.", 551, 'OAuthException', 1545041),
  /** 100/2018001: no matching user. */
  noMatchingUser: () => new GraphError('(#100) No matching user found', 100, 'OAuthException', 2018001),
  /**
   * 4/2207051 after `media_publish`: answered while the post did go live (Postiz PR #1681, "Action is blocked";
   * Meta's wording unverified). https://github.com/gitroomhq/postiz-app/pull/1681
   */
  actionBlocked: () =>
    new GraphError('Action is blocked', 4, 'OAuthException', 2207051, 400, {
      error_user_title: 'Action Is Blocked',
      error_user_msg: 'We restrict certain activity to protect our community.',
    }),
  /**
   * 190/459: the user is checkpointed and must log in on facebook.com to clear it.
   * https://developers.facebook.com/docs/graph-api/guides/error-handling/ (subcode 459, "User checkpointed")
   */
  checkpoint: () =>
    new GraphError(
      'Error validating access token: You cannot access the app till you log in to www.facebook.com and follow the instructions given.',
      190,
      'OAuthException',
      459,
    ),
  /** Throttling errors. https://developers.facebook.com/docs/graph-api/overview/rate-limiting/ */
  throttle: (code: 4 | 17 | 32 | 613 | 80001 | 80002) => {
    const text: Record<number, string> = {
      4: '(#4) Application request limit reached',
      17: '(#17) User request limit reached',
      32: '(#32) Page request limit reached',
      613: '(#613) Calls to this api have exceeded the rate limit.',
      80001:
        '(#80001) There have been too many calls to this Page account. Wait a bit and try again. For more info, please refer to https://developers.facebook.com/docs/graph-api/overview/rate-limiting.',
      80002:
        '(#80002) There have been too many calls to this Instagram account. Wait a bit and try again. For more info, please refer to https://developers.facebook.com/docs/graph-api/overview/rate-limiting.',
    };
    return new GraphError(
      text[code] ?? '(#4) Application request limit reached',
      code,
      'OAuthException',
      undefined,
      400,
      {
        is_transient: true,
      },
    );
  },
};
