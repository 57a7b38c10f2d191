import './checklists.css';
import { useEffect, useState } from 'preact/hooks';
import type { AttachmentUpload } from '../../../../shared/attachment';
import type {
  AnswerInput,
  Assessment,
  EvidenceRef,
  ItemStatus,
  VersionItem,
} from '../../../../shared/checklist';
import { canAssess } from '../../../../shared/permissions';
import { ApiError, api, viewerOf } from '../../api';
import { FormField } from '../../components/form-field';
import { Loading, ProblemNotice } from '../../components/status';
import { useApi } from '../../components/use-api';
import { t } from '../../i18n';
import type { PageProps } from '../../route-types';
import { Link, navigate } from '../../router';
import { useMe } from '../../session-context';
import { ChangeMark, type ChecklistDetail } from './checklist-page';
import { areaLabel, dateOf, dueWords, levelLabel, statuses, statusLabel } from './checklist-words';

interface Answer {
  status?: ItemStatus;
  note: string;
  evidence?: EvidenceRef;
}

/** Answer every item of the current version and acknowledge on behalf of the organisation. */
export default function AssessPage({ params }: PageProps) {
  const me = useMe();
  const id = params.id!;
  const v = Number(params.v);
  const detail = useApi<ChecklistDetail>(`/api/v1/checklists/${encodeURIComponent(id)}`);
  const [answers, setAnswers] = useState<Record<string, Answer>>({});
  const [statement, setStatement] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const viewer = detail.data?.viewer;
    if (!viewer) return;
    // The current answers, else the unchanged items' answers carried over from the previous version.
    const start: AnswerInput[] = viewer.assessment?.items ?? viewer.prefill;
    setAnswers(
      Object.fromEntries(
        start.map((a) => [
          a.itemId,
          { status: a.status, note: a.note ?? '', ...(a.evidence ? { evidence: a.evidence } : {}) },
        ]),
      ),
    );
    setStatement(viewer.assessment?.statement ?? '');
  }, [detail.data]);

  if (detail.loading && !detail.data) return <Loading what={t('checklist.loading')} />;
  if (!detail.data) return <ProblemNotice error={detail.error} />;
  const c = detail.data;
  const current = c.current;
  if (!current || current.version !== v) {
    return (
      <section>
        <h1>{c.title}</h1>
        <p class="notice notice-error" role="alert">
          {t('assess.notCurrent', { version: v })}{' '}
          {current && (
            <Link href={`/checklists/${id}/versions/${current.version}/assess`}>
              {t('assess.answerVersion', { version: current.version })}
            </Link>
          )}
        </p>
      </section>
    );
  }
  if (!canAssess(viewerOf(me), me.organisation.kind, current.appliesTo)) {
    return (
      <section>
        <h1>{current.title}</h1>
        <p class="notice notice-error" role="alert">
          {t('assess.onlyContributors')}
        </p>
      </section>
    );
  }
  const prefilled = !c.viewer?.assessment && (c.viewer?.prefill.length ?? 0) > 0;
  const set = (itemId: string, change: Partial<Answer>) =>
    setAnswers((all) => ({ ...all, [itemId]: { note: '', ...all[itemId], ...change } }));
  const answered = current.items.filter((i) => answers[i.id]?.status).length;

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await api<Assessment>(`/api/v1/checklists/${id}/versions/${v}/assessments/${me.organisation.id}`, {
        method: 'PUT',
        headers: { 'if-match': `"${c.viewer?.assessment?.revision ?? 0}"` },
        body: {
          items: current.items.map((item) => {
            const a = answers[item.id];
            return {
              itemId: item.id,
              status: a?.status,
              ...(a?.note.trim() ? { note: a.note.trim() } : {}),
              ...(a?.evidence ? { evidence: a.evidence } : {}),
            };
          }),
          ...(statement.trim() ? { statement: statement.trim() } : {}),
        },
      });
      navigate(`/checklists/${id}`);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  const fieldNames = current.items.flatMap((_, i) => [
    `items.${i}.status`,
    `items.${i}.note`,
    `items.${i}.evidence`,
  ]);
  return (
    <section>
      <p class="breadcrumb">
        <Link href="/checklists">{t('nav.checklists')}</Link> ›{' '}
        <Link href={`/checklists/${id}`}>{current.title}</Link>
      </p>
      <h1>{t('assess.heading', { title: current.title })}</h1>
      <p class="muted">
        {t('assess.facts', {
          version: current.version,
          date: dateOf(current.dueAt),
          due: dueWords(current.dueAt),
          organisation: me.organisation.name,
        })}
      </p>
      {prefilled && <p class="notice">{t('assess.prefilled', { version: current.version - 1 })}</p>}
      <form onSubmit={submit} aria-label={t('assess.form')} noValidate>
        <ProblemNotice error={error} fields={[...fieldNames, 'statement']} />
        {error instanceof ApiError && error.fieldErrors.items && (
          <p class="field-error">{error.fieldErrors.items}</p>
        )}
        <ol class="item-list">
          {current.items.map((item, index) => (
            <ItemAnswer
              key={item.id}
              item={item}
              index={index}
              answer={answers[item.id]}
              error={error}
              onChange={(change) => set(item.id, change)}
              evidencePath={`/api/v1/checklists/${id}/versions/${v}/assessments/${me.organisation.id}/evidence`}
            />
          ))}
        </ol>
        <FormField
          name="statement"
          label={t('assess.statement')}
          hint={t('assess.statementHint')}
          error={error}
        >
          {(control) => (
            <textarea {...control} value={statement} onInput={(e) => setStatement(e.currentTarget.value)} />
          )}
        </FormField>
        <p class="muted" role="status">
          {t('assess.answered', { answered, count: current.items.length })}
        </p>
        <button type="submit" disabled={busy}>
          {busy ? t('assess.submitting') : c.viewer?.assessment ? t('assess.submitNew') : t('assess.submit')}
        </button>
      </form>
    </section>
  );
}

function ItemAnswer(props: {
  item: VersionItem;
  index: number;
  answer: Answer | undefined;
  error: unknown;
  onChange: (change: Partial<Answer>) => void;
  evidencePath: string;
}) {
  const { item, index, answer, error } = props;
  const statusError = error instanceof ApiError ? error.fieldErrors[`items.${index}.status`] : undefined;
  return (
    <li class={item.change === 'unchanged' ? 'item-card' : 'item-card changed'}>
      <fieldset aria-describedby={statusError ? `status-error-${item.id}` : undefined}>
        <legend>
          {item.id}: {item.text}
        </legend>
        <p class="muted">
          <ChangeMark item={item} />
          <span class="mark">{levelLabel(item.level)}</span> {areaLabel(item.area)}
          {item.guidance && <> · {item.guidance}</>}
        </p>
        <div class="status-choices">
          {statuses.map((s) => (
            <label key={s}>
              <input
                type="radio"
                name={`status-${item.id}`}
                value={s}
                checked={answer?.status === s}
                onChange={() => props.onChange({ status: s })}
              />{' '}
              {statusLabel(s)}
            </label>
          ))}
        </div>
        {statusError && (
          <span class="field-error" id={`status-error-${item.id}`}>
            {statusError}
          </span>
        )}
      </fieldset>
      <FormField name={`items.${index}.note`} label={t('assess.note', { id: item.id })} error={error}>
        {(control) => (
          <textarea
            {...control}
            value={answer?.note ?? ''}
            onInput={(e) => props.onChange({ note: e.currentTarget.value })}
          />
        )}
      </FormField>
      <Evidence
        itemId={item.id}
        path={props.evidencePath}
        evidence={answer?.evidence}
        error={error instanceof ApiError ? error.fieldErrors[`items.${index}.evidence`] : undefined}
        onUploaded={(evidence) => props.onChange({ evidence })}
        onRemove={() => props.onChange({ evidence: undefined })}
      />
    </li>
  );
}

/** An evidence file straight to storage through the presigned POST, with upload progress. */
function Evidence(props: {
  itemId: string;
  path: string;
  evidence: EvidenceRef | undefined;
  error: string | undefined;
  onUploaded: (evidence: EvidenceRef) => void;
  onRemove: () => void;
}) {
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<unknown>();

  const upload = async (file: File) => {
    setError(undefined);
    try {
      const target = await api<AttachmentUpload>(props.path, {
        body: { fileName: file.name, contentType: file.type || 'application/octet-stream', size: file.size },
      });
      const form = new FormData();
      for (const [k, v] of Object.entries(target.fields)) form.append(k, v);
      form.append('file', file);
      setProgress(0);
      await new Promise<void>((resolve, reject) => {
        const xhr = new XMLHttpRequest();
        xhr.open('POST', target.url);
        xhr.upload.onprogress = (e) =>
          e.lengthComputable && setProgress(Math.round((e.loaded / e.total) * 100));
        xhr.onload = () => (xhr.status < 300 ? resolve() : reject(new Error(t('upload.notStored'))));
        xhr.onerror = () => reject(new Error(t('upload.failed')));
        xhr.send(form);
      });
      setProgress(100);
      props.onUploaded({ id: target.attachmentId, fileName: file.name });
    } catch (err) {
      setError(err);
      setProgress(null);
    }
  };

  return (
    <div class="evidence">
      {props.evidence ? (
        <p>
          {t('assess.evidence', { name: props.evidence.fileName })}{' '}
          <button
            type="button"
            class="secondary"
            aria-label={t('assess.removeEvidenceOf', { id: props.itemId })}
            onClick={props.onRemove}
          >
            {t('assess.removeEvidence')}
          </button>
        </p>
      ) : (
        <label>
          {t('assess.evidenceFile', { id: props.itemId })}{' '}
          <input
            type="file"
            onChange={(e) => {
              const file = e.currentTarget.files?.[0];
              if (file) void upload(file);
            }}
          />
        </label>
      )}
      {progress !== null && progress < 100 && (
        <label>
          {t('upload.progress')}{' '}
          <progress max={100} value={progress}>
            {progress}%
          </progress>
        </label>
      )}
      {props.error && <span class="field-error">{props.error}</span>}
      <ProblemNotice error={error} />
    </div>
  );
}
