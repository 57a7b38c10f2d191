import './documents.css';
import { useState } from 'preact/hooks';
import type { DocumentDetail, DocumentDownload } from '../../../../shared/document';
import { ApiError, api } from '../../api';
import { OrganisationName } from '../../components/organisation-name';
import { when } from '../../components/receipts-table';
import { Loading, ProblemNotice, Success } from '../../components/status';
import { TlpBadge } from '../../components/tlp-badge';
import { useApi } from '../../components/use-api';
import type { PageProps } from '../../route-types';
import { Link, withQuery } from '../../router';
import { kindLabel } from '../../words';
import { areaLabels } from '../checklists/checklist-words';
import { fileSize, fileTypeLabels, shortHash } from './document-words';

/** One document: what it is, its versions (superseded ones marked), downloads and acknowledgement. */
export default function DocumentPage({ params }: PageProps) {
  const id = params.id!;
  const detail = useApi<DocumentDetail>(`/api/v1/documents/${encodeURIComponent(id)}`);
  const [error, setError] = useState<unknown>();
  const [done, setDone] = useState('');
  const [busy, setBusy] = useState(false);

  if (detail.loading && !detail.data) return <Loading what="Loading the document…" />;
  if (detail.error instanceof ApiError && (detail.error.status === 404 || detail.error.status === 400)) {
    return (
      <section>
        <h1>Document not found</h1>
        <p>
          There is no such document, or it is not shared with you.{' '}
          <Link href="/documents">Back to the library</Link>.
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
      setDone(`Version ${d.currentVersion} acknowledged on behalf of your organisation.`);
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
        setDone(
          `Version ${version} is superseded by version ${link.currentVersion}; it is downloading anyway.`,
        );
      }
      location.assign(link.url);
    } catch (err) {
      setError(err);
    }
  };

  const current = d.versions.find((x) => x.version === d.currentVersion);
  return (
    <section>
      <p class="breadcrumb">
        <Link href="/documents">Library</Link> ›
      </p>
      <div class="document-head">
        <TlpBadge label={d.tlp} />
        <h1>{d.title}</h1>
      </div>
      {d.status === 'draft' && (
        <p class="notice">
          This document is not published yet: its first file has not been uploaded completely.
        </p>
      )}
      <p>{d.summary}</p>
      <p class="document-meta muted">
        Published by <OrganisationName id={d.authorOrganisationId} /> ({kindLabel(d.authorOrganisationKind)})
        on {when(d.publishedAt)}
        {d.currentVersion > 0 && ` · version ${d.currentVersion} of ${when(d.versionAt)}`}
        {d.areas.length > 0 && ` · ${d.areas.map((a) => areaLabels[a]).join(', ')}`}
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
          <strong>Your organisation is asked to acknowledge version {d.currentVersion}</strong>
          {d.acknowledgeBy && ` by ${when(d.acknowledgeBy)}`}.
          {d.acknowledgementRound > 1 &&
            ' A material change was published since any earlier acknowledgement.'}
        </p>
      )}
      {v.attestation && (
        <p class="muted acknowledged">
          Your organisation acknowledged version {v.attestation.version} on {when(v.attestation.attestedAt)} (
          {v.attestation.email}).
        </p>
      )}
      <div class="document-actions">
        {current && (
          <button type="button" onClick={() => download(current.version)}>
            Download {current.fileName}
          </button>
        )}
        {v.mayAcknowledge && v.needsAcknowledgement && (
          <button type="button" class="secondary" onClick={acknowledge} disabled={busy}>
            {busy ? 'Acknowledging…' : `Acknowledge version ${d.currentVersion}`}
          </button>
        )}
        {v.mayPublishVersion && <Link href={`/documents/${id}/versions/new`}>Upload a new version</Link>}
        {v.mayPublishVersion && <Link href={`/documents/${id}/acknowledgements`}>Attestations</Link>}
      </div>

      <h2>Versions</h2>
      <div class="table-wrap">
        <table class="list">
          <caption class="visually-hidden">Versions</caption>
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">Change</th>
              <th scope="col">File</th>
              <th scope="col">SHA-256</th>
              <th scope="col">Published</th>
              <th scope="col">Download</th>
            </tr>
          </thead>
          <tbody>
            {d.versions.map((x) => (
              <tr key={x.version} class={x.superseded ? 'version-superseded' : ''}>
                <th scope="row">
                  {x.version} {x.superseded && <span class="mark mark-superseded">Superseded</span>}
                  {x.uploadedAt === null && <span class="mark mark-pending">Upload not complete</span>}
                </th>
                <td>
                  {x.changeNote}
                  {x.material && x.version > 1 && (
                    <span class="muted"> (material: asks for acknowledgement again)</span>
                  )}
                </td>
                <td>
                  {x.fileName}{' '}
                  <span class="muted">
                    ({fileTypeLabels[x.contentType]}, {fileSize(x.size)})
                  </span>
                </td>
                <td class="hash" title={x.sha256 ?? ''}>
                  {shortHash(x.sha256)}
                </td>
                <td>{when(x.uploadedAt)}</td>
                <td>
                  {x.uploadedAt !== null && (
                    <button type="button" class="secondary" onClick={() => download(x.version)}>
                      Download version {x.version}
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
