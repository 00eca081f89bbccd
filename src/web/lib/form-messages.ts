import { en } from 'zod/locales';

/** Parse options for form resolvers: zod/mini has no messages of its own, so a check without a custom message reads in English. */
export const englishFormMessages = { error: en().localeError };
