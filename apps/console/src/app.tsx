import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { CasePage } from './pages/case/case.page';
import { CasesPage } from './pages/cases/cases.page';
import { PurposePage } from './pages/sign-in/purpose.page';
import { SignInPage } from './pages/sign-in/sign-in.page';
import { Route, routeHref, useRoute } from './routing/hash-route';
import { AgenciesProvider } from './session/agencies';
import { useSession, useSessionState } from './session/session';
import { Loading } from './ui/status-messages';

// The charts (Observable Plot and d3) load with the statistics page only.
const StatisticsPage = lazy(() => import('./pages/statistics/statistics.page'));

export function App() {
  const { t } = useTranslation();
  const { session, restoring } = useSessionState();
  return (
    <>
      <a className="skip" href="#main">
        {t('app.skip')}
      </a>
      <Header />
      {restoring ? (
        <main id="main">
          <Loading />
        </main>
      ) : !session ? (
        <SignInPage />
      ) : session.needsPurpose ? (
        <PurposePage />
      ) : (
        <AgenciesProvider>
          <SignedIn />
        </AgenciesProvider>
      )}
    </>
  );
}

function SignedIn() {
  const route = useRoute();
  return (
    <main id="main" tabIndex={-1}>
      <Page route={route} />
    </main>
  );
}

function Page({ route }: { route: Route }) {
  const { t } = useTranslation();
  switch (route.page) {
    case 'cases':
      return <CasesPage />;
    case 'case':
      return <CasePage key={route.caseId} caseId={route.caseId} />;
    case 'statistics':
      return (
        <Suspense fallback={<Loading />}>
          <StatisticsPage />
        </Suspense>
      );
    default:
      return <p>{t('app.notFound')}</p>;
  }
}

function Header() {
  const { t, i18n } = useTranslation();
  const { session } = useSessionState();
  const other = i18n.language === 'ur' ? 'en' : 'ur';
  return (
    <header className="masthead">
      <p className="brand">{t('app.title')}</p>
      {session && !session.needsPurpose && <Navigation />}
      <div className="masthead-end">
        {session && <Identity />}
        <button
          type="button"
          lang={other}
          aria-label={t('header.switchLanguageLabel')}
          onClick={() => void i18n.changeLanguage(other)}
        >
          {t('header.switchLanguage')}
        </button>
      </div>
    </header>
  );
}

function Navigation() {
  const { t } = useTranslation();
  const route = useRoute();
  const current = (page: Route['page']) =>
    route.page === page || (page === 'cases' && route.page === 'case') ? 'page' : undefined;
  return (
    <nav aria-label={t('nav.label')}>
      <ul>
        <li>
          <a href={routeHref({ page: 'cases' })} aria-current={current('cases')}>
            {t('nav.cases')}
          </a>
        </li>
        <li>
          <a href={routeHref({ page: 'statistics' })} aria-current={current('statistics')}>
            {t('nav.statistics')}
          </a>
        </li>
      </ul>
    </nav>
  );
}

function Identity() {
  const { t } = useTranslation();
  const { me, credentials, signOut } = useSession();
  const agency =
    me.agencyName ?? (me.agencyId === 'system' ? t('header.serviceAdministration') : me.agencyId);
  return (
    <>
      <p className="identity" data-testid="identity">
        <span className="visually-hidden">{t('header.identity')} </span>
        <span className="agency">{agency}</span>
        <span className="role">{t(`role.${me.role}`)}</span>
        {credentials.purpose && (
          <span className="purpose" title={t('purpose.current')}>
            {credentials.purpose}
          </span>
        )}
      </p>
      <button type="button" onClick={signOut}>
        {t('header.signOut')}
      </button>
    </>
  );
}
