import { ApiError } from '../api';
import { session } from '../auth/session';

/**
 * Fetches an export (CSV, a STIX bundle) with the bearer token, which a plain link would not carry,
 * and saves it under `fileName`; a refusal is thrown as the API's problem.
 */
export async function downloadExport(path: string, fileName: string, accept: string): Promise<void> {
  const token = session.token();
  const res = await fetch(path, {
    headers: { accept, ...(token ? { authorization: `Bearer ${token}` } : {}) },
  });
  if (!res.ok) throw new ApiError(res.status, await res.json().catch(() => ({})));
  const url = URL.createObjectURL(await res.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
