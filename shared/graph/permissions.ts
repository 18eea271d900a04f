// The one list of permissions Duet asks for. Facebook Login sends it as `scope` (electron/services/session), and the
// Graph sandbox grants it by default, like a person accepting the whole dialog (sandbox/tokens.ts), so the two can
// never drift apart; sandbox/conformance-auth.test.ts checks every permission a sandbox endpoint requires is here.
// Permissions reference: https://developers.facebook.com/docs/permissions

/** Every permission Duet asks for in Facebook Login (and the sandbox's default grant). */
export const DUET_PERMISSIONS = [
  'pages_show_list',
  'pages_read_engagement',
  'pages_manage_posts',
  // Commenting on Page posts as the Page ("Comments and @mentions" guide, Pages API); the Facebook counterpart of
  // instagram_manage_comments below.
  'pages_manage_engagement',
  'pages_read_user_content',
  'pages_messaging',
  'pages_manage_metadata',
  'read_insights',
  'instagram_basic',
  'instagram_manage_messages',
  'instagram_manage_comments',
  'instagram_content_publish',
  'instagram_manage_insights',
  'business_management',
] as const;
