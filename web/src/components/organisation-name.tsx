import { useEffect, useState } from 'preact/hooks';
import { api, type Page } from '../api';

/** An organisation as everyone may read it (`GET /api/v1/public/organisations`). */
export interface OrganisationListing {
  id: string;
  name: string;
  kind: 'port_authority' | 'shipping_company' | 'agency' | 'commission';
  country: string;
  unlocode?: string;
}

/**
 * The alliance's organisations, read once per page load and shared by every name on screen: the
 * public list is small (one page of 100) and the same for everyone, so pages show names, not ids.
 */
let directory: Promise<Map<string, OrganisationListing>> | undefined;

export function loadDirectory(): Promise<Map<string, OrganisationListing>> {
  directory ??= api<Page<OrganisationListing>>('/api/v1/public/organisations', {
    query: { limit: '100' },
  }).then(
    (page) => new Map(page.items.map((o) => [o.id, o])),
    (err) => {
      directory = undefined;
      throw err;
    },
  );
  return directory;
}

/** The directory once it has loaded (empty until then, and if it cannot be read). */
export function useDirectory(): Map<string, OrganisationListing> {
  const [map, setMap] = useState<Map<string, OrganisationListing>>(() => new Map());
  useEffect(() => {
    let live = true;
    loadDirectory().then(
      (m) => live && setMap(m),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);
  return map;
}

/** "Port of Rotterdam (NLRTM)": the name, with the UN/LOCODE of a port; the id until names load. */
export function organisationLabel(directory: Map<string, OrganisationListing>, id: string): string {
  const o = directory.get(id);
  if (!o) return id;
  return o.unlocode ? `${o.name} (${o.unlocode})` : o.name;
}

/** An organisation's name where a page would otherwise show its id. */
export function OrganisationName({ id }: { id: string }) {
  const directory = useDirectory();
  return <>{organisationLabel(directory, id)}</>;
}
