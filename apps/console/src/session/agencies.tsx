import { createContext, ReactNode, useCallback, useContext } from 'react';
import { getJson } from '../api/api-client';
import { Agency } from '../api/api-types';
import { useResource } from '../ui/use-resource';
import { useSession } from './session';

type AgencyName = (agencyId: string) => string;

const AgenciesContext = createContext<AgencyName>((agencyId) => agencyId);

/** The agencies' names (GET /v1/agencies, once per sign-in), so pages show names, not ids. */
export function AgenciesProvider({ children }: { children: ReactNode }) {
  const { credentials, me } = useSession();
  const { data } = useResource(me.keyId, (signal) =>
    getJson<{ items: Agency[] }>('/v1/agencies', credentials, { signal }),
  );
  const name = useCallback<AgencyName>(
    (agencyId) => data?.items.find((agency) => agency.agencyId === agencyId)?.name ?? agencyId,
    [data],
  );
  return <AgenciesContext.Provider value={name}>{children}</AgenciesContext.Provider>;
}

export function useAgencyName(): AgencyName {
  return useContext(AgenciesContext);
}
