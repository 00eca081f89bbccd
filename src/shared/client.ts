/**
 * What the installable client package (`client/`, `npm run build:client`) exports: the agent client
 * and the helpers that connect other frameworks to it.
 */
export * from './agent-client';
export * from './ai-sdk-approvals';
export type * from './requests';
export type * from './runs';
