export const paths = {
  inbox: { path: '/', getHref: (search = '') => `/${search}` },
  run: { path: '/runs/:runId', getHref: (runId: string) => `/runs/${encodeURIComponent(runId)}` },
  history: { path: '/history', getHref: () => '/history' },
  rules: { path: '/rules', getHref: () => '/rules' },
  settings: { path: '/settings', getHref: () => '/settings' },
  routing: { path: '/routing', getHref: () => '/routing' },
  audit: { path: '/audit', getHref: () => '/audit' },
  apiDocs: { path: '/api/docs', getHref: () => '/api/docs' },
  signIn: {
    path: '/sign-in',
    getHref: (redirectTo?: string | null) =>
      `/sign-in${redirectTo ? `?redirectTo=${encodeURIComponent(redirectTo)}` : ''}`,
  },
} as const;
