import { documentContentTypes } from '../../../../shared/attachment-rules';
import { t } from '../../i18n';

/**
 * File types as people read them, for the publish form's hint and the version list: product
 * names as spelled everywhere, images in the member's language.
 */
export const fileTypeLabel = (type: (typeof documentContentTypes)[number]): string =>
  ({
    'application/pdf': 'PDF',
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Word',
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'Excel',
    'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'PowerPoint',
    'image/png': t('fileType.png'),
    'image/jpeg': t('fileType.jpeg'),
  })[type];
export const fileTypeList = () => documentContentTypes.map(fileTypeLabel).join(', ');
export const acceptedFileTypes = documentContentTypes.join(',');

export const fileSize = (bytes: number) =>
  bytes < 1024 * 1024
    ? t('fileSize.kb', { size: Math.max(1, Math.round(bytes / 1024)) })
    : t('fileSize.mb', { size: Math.round(bytes / 1024 / 102.4) / 10 });

/** "release-pins, IT Security" → ["release-pins", "it-security"], as the API's tag rule wants them. */
export const tagsFrom = (text: string) => [
  ...new Set(
    text
      .split(/[,;]+/)
      .map((t) => t.trim().toLowerCase().replace(/\s+/g, '-'))
      .filter(Boolean),
  ),
];

/** The first characters of a SHA-256, enough to compare by eye; the full value is in the title. */
export const shortHash = (sha256: string | null) => (sha256 ? `${sha256.slice(0, 12)}…` : '—');
