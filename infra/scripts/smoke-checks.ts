/** What the smoke test asks of a deployed stage, each a plain sentence when it fails. */
export async function smokeChecks(site: string, fetchImpl: typeof fetch = fetch): Promise<string[]> {
  const failures: string[] = [];
  const check = async (path: string, expect: (response: Response) => Promise<string | undefined>) => {
    try {
      const response = await fetchImpl(new URL(path, site), { redirect: 'manual' });
      const problem = await expect(response);
      if (problem) failures.push(`${path}: ${problem}`);
    } catch (error) {
      failures.push(`${path}: no answer (${(error as Error).message})`);
    }
  };
  await check('/', async (r) => (r.status === 200 ? undefined : `expected 200, got ${r.status}`));
  await check('/api/v1/health', async (r) => {
    if (r.status !== 200) return `expected 200, got ${r.status}`;
    const body = (await r.json()) as { status?: string };
    return body.status === 'ok' ? undefined : `expected {"status":"ok"}, got ${JSON.stringify(body)}`;
  });
  await check('/api/v1/health/ready', async (r) =>
    r.status === 200 ? undefined : `storage not ready: ${r.status}`,
  );
  return failures;
}
