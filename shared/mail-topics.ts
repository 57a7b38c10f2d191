/**
 * The kinds of e-mail a member chooses for, without zod (like tlp-labels.ts): the api Lambda
 * checks unsubscribe links with them at start, and its cold start does not load the schema library.
 */
export const mailTopics = [
  'restricted_items',
  'other_items',
  'receipts',
  'reminders',
  'overdue',
  'members',
] as const;
export type MailTopicName = (typeof mailTopics)[number];
export const isMailTopic = (value: unknown): value is MailTopicName =>
  typeof value === 'string' && (mailTopics as readonly string[]).includes(value);
