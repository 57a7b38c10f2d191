/**
 * Top-level folders of the files bucket, one per area that stores files. Object keys are always
 * built by the server under one of these; the `api` Lambda's IAM policy allows reading and
 * writing under exactly these prefixes and nowhere else in the bucket.
 */
export const fileKeyPrefixes = {
  bulletins: 'bulletins/',
  documents: 'documents/',
  assessments: 'assessments/',
} as const;

export type FileArea = keyof typeof fileKeyPrefixes;
