/**
 * One demo member of each of twelve organisations (functions/local/demo-alliance.ts), with the
 * organisation: the load bench, the soak and the Ctrl-C test sign each in once so that requests
 * run as different members of different organisations.
 */
export const oneMemberEach = [
  { email: 'ben@antwerp.example', organisationId: 'antwerp' },
  { email: 'ruth@rotterdam.example', organisationId: 'rotterdam' },
  { email: 'hans@hamburg.example', organisationId: 'hamburg' },
  { email: 'alba@algeciras.example', organisationId: 'algeciras' },
  { email: 'marc@marseille.example', organisationId: 'marseille' },
  { email: 'lea@lehavre.example', organisationId: 'le-havre' },
  { email: 'vera@valencia.example', organisationId: 'valencia' },
  { email: 'gio@genoa.example', organisationId: 'genoa' },
  { email: 'greg@gdansk.example', organisationId: 'gdansk' },
  { email: 'eleni@piraeus.example', organisationId: 'piraeus' },
  { email: 'kaja@koper.example', organisationId: 'koper' },
  { email: 'sam@northsea-line.example', organisationId: 'northsea-line' },
] as const;
