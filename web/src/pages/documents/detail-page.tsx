import './documents.css';
import { useState } from 'preact/hooks';
import type { DocumentDetail, DocumentDownload } from '../../../../shared/document';
import { ApiError, api } from '../../api';
import { OrganisationName } from '../../components/organisation-name';
import { when } from '../../components/receipts-table';
import { Loading, ProblemNotice, Success } from '../../components/status';
import { TlpBadge } from '../../components/tlp-badge';
import { useApi } from '../../components/use-api';
import { t, tx } from '../../i18n';
import type { PageProps } from '../../route-types';
import { Link, withQuery } from '../../router';
import { kindLabel } from '../../words';
import { areaLabel } from '../checklists/checklist-words';
import { fileSize, fileTypeLabel, shortHash } from './document-words';

/** One document: what it is, its versions (superseded ones marked), downloads and acknowledgement. */
export default function DocumentPage({ params }: PageProps) {
  const id = params.id!;
  const detail = useApi<DocumentDetail>(`/api/v1/documents/${encodeURIComponent(id)}`);
  const [error, setError] = useState<unknown>();
  const [done, setDone] = useState('');
  const [busy, setBusy] = useState(false);

  if (detail.loading && !detail.data) return <Loading what={t('document.loading')} />;
  if (detail.error instanceof ApiError && (detail.error.status === 404 || detail.error.status === 400)) {
    return (
      <section>
        <h1>{t('document.notFound')}</h1>
        <p>
          {t('document.notShared')} <Link href="/documents">{t('document.backToLibrary')}</Link>.
        </p>
      </section>
    );
  }
  if (!detail.data) return <ProblemNotice error={detail.error} />;
  const d = detail.data;
  const v = d.viewer;

  const acknowledge = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await api(`/api/v1/documents/${id}/acknowledgements`, {
        body: { version: d.currentVersion },
        // A double click or a retried request must not count twice.
        headers: { 'idempotency-key': `attest-${id}-${d.currentVersion}-${d.acknowledgementRound}` },
      });
      setDone(t('document.acknowledged', { version: d.currentVersion }));
      detail.reload();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const download = async (version: number) => {
    setError(undefined);
    setDone('');
    try {
      const link = await api<DocumentDownload>(`/api/v1/documents/${id}/versions/${version}/download`);
      if (link.superseded) {
        setDone(t('document.superseded', { version, current: link.currentVersion }));
      }
      location.assign(link.url);
    } catch (err) {
      // 409: the file is still being scanned for malware (functions/api/attachments.ts).
      setError(err instanceof ApiError && err.status === 409 ? new Error(t('attachment.beingScanned')) : err);
    }
  };

  const current = d.versions.find((x) => x.version === d.currentVersion);
  return (
    <section>
      <p class="breadcrumb">
        <Link href="/documents">{t('page.library')}</Link> ›
      </p>
      <div class="document-head">
        <TlpBadge label={d.tlp} />
        <h1>{d.title}</h1>
      </div>
      {d.status === 'draft' && <p class="notice">{t('document.notPublished')}</p>}
      <p>{d.summary}</p>
      <p class="document-meta muted">
        {tx('document.publishedBy', {
          kind: kindLabel(d.authorOrganisationKind),
          date: when(d.publishedAt),
          org: () => <OrganisationName id={d.authorOrganisationId} />,
        })}
        {d.currentVersion > 0 &&
          ` · ${t('library.version', { version: d.currentVersion, date: when(d.versionAt) })}`}
        {d.areas.length > 0 && ` · ${d.areas.map((a) => areaLabel(a)).join(', ')}`}
      </p>
      <p class="tag-list">
        {d.tags.map((t) => (
          <Link key={t} class="tag" href={withQuery('/documents', { tag: t })}>
            #{t}
          </Link>
        ))}
      </p>
      <ProblemNotice error={error} />
      {done && <Success>{done}</Success>}
      {v.needsAcknowledgement && (
        <p class="notice acknowledgement-asked">
          <strong>{t('document.asked', { version: d.currentVersion })}</strong>
          {d.acknowledgeBy && ` ${t('document.by', { date: when(d.acknowledgeBy) })}`}.
          {d.acknowledgementRound > 1 && ` ${t('document.materialSince')}`}
        </p>
      )}
      {v.attestation && (
        <p class="muted acknowledged">
          {t('document.orgAcknowledged', {
            version: v.attestation.version,
            date: when(v.attestation.attestedAt),
            email: v.attestation.email,
          })}
        </p>
      )}
      <div class="document-actions">
        {current && (
          <button type="button" onClick={() => download(current.version)}>
            {t('bulletin.download', { name: current.fileName })}
          </button>
        )}
        {v.mayAcknowledge && v.needsAcknowledgement && (
          <button type="button" class="secondary" onClick={acknowledge} disabled={busy}>
            {busy ? t('document.acknowledging') : t('document.acknowledge', { version: d.currentVersion })}
          </button>
        )}
        {v.mayPublishVersion && (
          <Link href={`/documents/${id}/versions/new`}>{t('document.newVersion')}</Link>
        )}
        {v.mayPublishVersion && (
          <Link href={`/documents/${id}/acknowledgements`}>{t('page.attestations')}</Link>
        )}
      </div>

      <h2>{t('document.versions')}</h2>
      <div class="table-wrap">
        <table class="list">
          <caption class="visually-hidden">{t('document.versions')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('document.version')}</th>
              <th scope="col">{t('document.change')}</th>
              <th scope="col">{t('compose.file')}</th>
              <th scope="col">{t('document.sha256')}</th>
              <th scope="col">{t('bulletin.published')}</th>
              <th scope="col">{t('document.download')}</th>
            </tr>
          </thead>
          <tbody>
            {d.versions.map((x) => (
              <tr key={x.version} class={x.superseded ? 'version-superseded' : ''}>
                <th scope="row">
                  {x.version}{' '}
                  {x.superseded && <span class="mark mark-superseded">{t('document.supersededMark')}</span>}
                  {x.uploadedAt === null && (
                    <span class="mark mark-pending">{t('document.uploadIncomplete')}</span>
                  )}
                </th>
                <td>
                  {x.changeNote}
                  {x.material && x.version > 1 && <span class="muted"> {t('document.material')}</span>}
                </td>
                <td>
                  {x.fileName}{' '}
                  <span class="muted">
                    ({fileTypeLabel(x.contentType)}, {fileSize(x.size)})
                  </span>
                </td>
                <td class="hash" title={x.sha256 ?? ''}>
                  {shortHash(x.sha256)}
                </td>
                <td>{when(x.uploadedAt)}</td>
                <td>
                  {x.uploadedAt !== null && (
                    <button type="button" class="secondary" onClick={() => download(x.version)}>
                      {t('document.downloadVersion', { version: x.version })}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
