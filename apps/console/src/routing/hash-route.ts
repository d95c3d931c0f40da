import { useSyncExternalStore } from 'react';

/**
 * The console's three places, in the URL's fragment (`#/cases/<id>`): the API serves one
 * index.html for the console, and a fragment never reaches the server or its logs.
 */
export type Route =
  | { page: 'cases' }
  | { page: 'case'; caseId: string }
  | { page: 'statistics' }
  | { page: 'not-found' };

const CASE = /^#\/cases\/([0-9a-f-]{36})$/i;

export function parseRoute(hash: string): Route {
  if (hash === '' || hash === '#' || hash === '#/' || hash === '#/cases') return { page: 'cases' };
  if (hash === '#/statistics') return { page: 'statistics' };
  const match = CASE.exec(hash);
  return match ? { page: 'case', caseId: match[1].toLowerCase() } : { page: 'not-found' };
}

export function routeHref(route: Route): string {
  switch (route.page) {
    case 'case':
      return `#/cases/${route.caseId}`;
    case 'statistics':
      return '#/statistics';
    default:
      return '#/cases';
  }
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  return parseRoute(hash);
}
