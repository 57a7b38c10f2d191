import { attachmentLimits } from '../../../../shared/attachment-rules';
import { FormField } from '../../components/form-field';
import { UploadProgress } from '../../components/upload';
import { t } from '../../i18n';
import { acceptedFileTypes, fileTypeList } from './document-words';

/**
 * The end of both document forms (publish, new version): the file with its accepted types and
 * size, the upload's progress, the step under way and the submit button, disabled while it runs.
 */
export function DocumentFileFields({
  error,
  progress,
  step,
  submit,
}: {
  error: unknown;
  progress: number | null;
  step: string;
  submit: string;
}) {
  return (
    <>
      <FormField
        name="file"
        label={t('compose.file')}
        hint={t('publish.fileHint', { types: fileTypeList(), mb: attachmentLimits.maxBytes / 1024 / 1024 })}
        error={error}
      >
        {(control) => <input {...control} type="file" accept={acceptedFileTypes} required />}
      </FormField>
      <UploadProgress percent={progress} />
      {step && (
        <p class="muted" role="status">
          {step}
        </p>
      )}
      <button type="submit" disabled={step !== ''}>
        {step ? t('compose.publishing') : submit}
      </button>
    </>
  );
}
