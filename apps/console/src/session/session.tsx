import {
  createContext,
  ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
} from 'react';
import { ApiError, Credentials, getJson } from '../api/api-client';
import { Me } from '../api/api-types';

/**
 * The key lives in this tab's sessionStorage only: closing the tab forgets it, another tab asks
 * again, and nothing is sent anywhere but this service.
 */
const KEY_ITEM = 'safe-referral.console.api-key';
const PURPOSE_ITEM = 'safe-referral.console.purpose';

export const MAX_PURPOSE_LENGTH = 500;

export interface Session {
  me: Me;
  credentials: Credentials;
  /** Auditors give a purpose once per session before they read any case. */
  needsPurpose: boolean;
  setPurpose(purpose: string): void;
  signOut(): void;
}

interface SessionState {
  session: Session | null;
  restoring: boolean;
  signIn(apiKey: string): Promise<void>;
}

const SessionContext = createContext<SessionState | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [apiKey, setApiKey] = useState<string | null>(() => sessionStorage.getItem(KEY_ITEM));
  const [purpose, setPurposeState] = useState<string | null>(() =>
    sessionStorage.getItem(PURPOSE_ITEM),
  );
  const [restoring, setRestoring] = useState(apiKey !== null);

  const signOut = useCallback(() => {
    sessionStorage.removeItem(KEY_ITEM);
    sessionStorage.removeItem(PURPOSE_ITEM);
    setApiKey(null);
    setPurposeState(null);
    setMe(null);
  }, []);

  // A key kept from earlier in this tab is checked again: it may have been revoked since.
  useEffect(() => {
    if (apiKey === null || me !== null) return;
    const controller = new AbortController();
    getJson<Me>('/v1/me', { apiKey }, { signal: controller.signal })
      .then(setMe)
      .catch((error: unknown) => {
        if (controller.signal.aborted) return;
        if (error instanceof ApiError && error.status === 401) signOut();
      })
      .finally(() => {
        if (!controller.signal.aborted) setRestoring(false);
      });
    return () => controller.abort();
  }, [apiKey, me, signOut]);

  const signIn = useCallback(async (key: string) => {
    const found = await getJson<Me>('/v1/me', { apiKey: key });
    sessionStorage.setItem(KEY_ITEM, key);
    sessionStorage.removeItem(PURPOSE_ITEM);
    setPurposeState(null);
    setApiKey(key);
    setMe(found);
    setRestoring(false);
  }, []);

  const setPurpose = useCallback((value: string) => {
    sessionStorage.setItem(PURPOSE_ITEM, value);
    setPurposeState(value);
  }, []);

  const state = useMemo<SessionState>(() => {
    const session: Session | null =
      me && apiKey
        ? {
            me,
            credentials: { apiKey, ...(purpose ? { purpose } : {}) },
            needsPurpose: me.role === 'auditor' && !purpose,
            setPurpose,
            signOut,
          }
        : null;
    return { session, restoring, signIn };
  }, [me, apiKey, purpose, restoring, signIn, setPurpose, signOut]);

  return <SessionContext.Provider value={state}>{children}</SessionContext.Provider>;
}

export function useSessionState(): SessionState {
  const state = useContext(SessionContext);
  if (!state) throw new Error('useSessionState outside SessionProvider');
  return state;
}

/** The signed-in session; only pages rendered after sign-in call it. */
export function useSession(): Session {
  const { session } = useSessionState();
  if (!session) throw new Error('useSession before sign-in');
  return session;
}
