/**
 * Where the alliance's ports are (WGS 84, degrees), by UN/LOCODE, for the waterbed map. Public
 * facts (the UN/LOCODE list gives each location's coordinates); a port missing here is listed
 * without a place on the map (lat and lon null) and still in the table.
 */
export const portPositions: Readonly<Record<string, readonly [lat: number, lon: number]>> = {
  BEANR: [51.27, 4.33],
  BEZEE: [51.33, 3.2],
  NLRTM: [51.95, 4.13],
  NLAMS: [52.4, 4.82],
  DEHAM: [53.54, 9.95],
  DEBRV: [53.58, 8.55],
  ESALG: [36.13, -5.43],
  ESVLC: [39.44, -0.32],
  ESBCN: [41.35, 2.16],
  FRMRS: [43.35, 5.33],
  FRLEH: [49.48, 0.11],
  FRDKK: [51.05, 2.37],
  ITGOA: [44.41, 8.91],
  ITGIT: [38.44, 15.9],
  PLGDN: [54.4, 18.67],
  GRPIR: [37.94, 23.63],
  SIKOP: [45.55, 13.73],
  PTLIS: [38.7, -9.13],
  PTSIE: [37.95, -8.87],
  IEDUB: [53.35, -6.21],
  SEGOT: [57.69, 11.9],
  DKAAR: [56.15, 10.22],
  HRRJK: [45.33, 14.43],
  LTKLJ: [55.71, 21.12],
};

export function positionOf(locode: string): { lat: number | null; lon: number | null } {
  const p = portPositions[locode];
  return p ? { lat: p[0], lon: p[1] } : { lat: null, lon: null };
}
