import { lazy, Suspense, useEffect } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { AuthProvider, useAuth } from '../auth/AuthContext';
import { Loading, NotFound } from '../ui/components';
import { AppShell } from './AppShell';
import { ViewerProvider } from './viewer';

// Every screen is its own chunk: the first screen loads only what it needs, and the heavy
// libraries (charts, editor, CSV) arrive only with the routes that use them.
const LoginPage = lazy(() => import('../auth/LoginPage'));
const HomePage = lazy(() => import('../home/HomePage'));
const StrategyMapPage = lazy(() => import('../strategy-map/StrategyMapPage'));
const ObjectivePage = lazy(() => import('../objectives/ObjectivePage'));
const KpiPage = lazy(() => import('../kpis/KpiPage'));
const PersonPage = lazy(() => import('../people/PersonPage'));
const InitiativePage = lazy(() => import('../initiatives/InitiativePage'));
const PortfolioPage = lazy(() => import('../portfolio/PortfolioPage'));
const MeetingsPage = lazy(() => import('../meetings/MeetingsPage'));
const MeetingRoomPage = lazy(() => import('../meetings/MeetingRoomPage'));
const DecisionRegisterPage = lazy(() => import('../decisions/DecisionRegisterPage'));
const BriefingPage = lazy(() => import('../briefings/BriefingPage'));
const PlanPage = lazy(() => import('../plan/PlanPage'));
const PlansPage = lazy(() => import('../plans/PlansPage'));
const HistoryPage = lazy(() => import('../history/HistoryPage'));
const ImportPage = lazy(() => import('../import/ImportPage'));
const IntegrationsPage = lazy(() => import('../integrations/IntegrationsPage'));
const SecurityLogPage = lazy(() => import('../security/SecurityLogPage'));
const AlertsPage = lazy(() => import('../alerts/AlertsPage'));
const PeoplePage = lazy(() => import('../people/PeoplePage'));
const InvitationPage = lazy(() => import('../accounts/InvitationPage'));
const ForgotPasswordPage = lazy(() => import('../accounts/ForgotPasswordPage'));
const ResetPasswordPage = lazy(() => import('../accounts/ResetPasswordPage'));
const AccountPage = lazy(() => import('../account/AccountPage'));
const DigestPage = lazy(() => import('../digest/DigestPage'));
const UnsubscribedPage = lazy(() => import('../digest/UnsubscribedPage'));
const PlanningPage = lazy(() => import('../planning/PlanningPage'));
const NegotiationPage = lazy(() => import('../planning/NegotiationPage'));

/** Moves focus to the main region after navigation so screen readers announce the new page. */
function FocusOnNavigate() {
  const { pathname } = useLocation();
  useEffect(() => {
    const main = document.getElementById('main');
    if (
      main &&
      document.activeElement &&
      document.activeElement !== document.body &&
      !main.contains(document.activeElement)
    )
      main.focus({ preventScroll: true });
    window.scrollTo(0, 0);
  }, [pathname]);
  return null;
}

function SignedInApp() {
  return (
    <ViewerProvider>
      <FocusOnNavigate />
      <AppShell>
        <Routes>
          <Route path="/" element={<HomePage />} />
          <Route path="/map" element={<StrategyMapPage />} />
          <Route path="/map/:planId" element={<StrategyMapPage />} />
          <Route path="/objectives/:id" element={<ObjectivePage />} />
          <Route path="/kpis/:id" element={<KpiPage />} />
          <Route path="/initiatives/:id" element={<InitiativePage />} />
          <Route path="/portfolio" element={<PortfolioPage />} />
          <Route path="/alerts" element={<AlertsPage />} />
          <Route path="/meetings" element={<MeetingsPage />} />
          <Route path="/meetings/:id" element={<MeetingRoomPage />} />
          <Route path="/decisions" element={<DecisionRegisterPage />} />
          <Route path="/briefings/:id" element={<BriefingPage />} />
          <Route path="/plan" element={<PlanPage />} />
          <Route path="/plan/:planId" element={<PlanPage />} />
          <Route path="/plans" element={<PlansPage />} />
          <Route path="/history" element={<HistoryPage />} />
          <Route path="/import" element={<ImportPage />} />
          <Route path="/integrations" element={<IntegrationsPage />} />
          <Route path="/security-log" element={<SecurityLogPage />} />
          <Route path="/people" element={<PeoplePage />} />
          <Route path="/people/:id" element={<PersonPage />} />
          <Route path="/account" element={<AccountPage />} />
          <Route path="/digest" element={<DigestPage />} />
          <Route path="/planning" element={<PlanningPage />} />
          <Route path="/planning/:id" element={<NegotiationPage />} />
          <Route path="/login" element={<Navigate to="/" replace />} />
          <Route path="*" element={<NotFound />} />
        </Routes>
      </AppShell>
    </ViewerProvider>
  );
}

function Gate() {
  const { status } = useAuth();
  if (status === 'checking')
    return (
      <main className="content" id="main">
        <Loading label="Opening Throughline" />
      </main>
    );
  return (
    <Suspense fallback={<Loading />}>
      <Routes>
        {/* Account links open for anyone holding them, signed in or not. */}
        <Route path="/invitation/:token" element={<InvitationPage />} />
        <Route path="/reset-password/:token" element={<ResetPasswordPage />} />
        <Route path="/forgot-password" element={<ForgotPasswordPage />} />
        <Route path="/digest/unsubscribed" element={<UnsubscribedPage />} />
        <Route path="*" element={status === 'signed-in' ? <SignedInApp /> : <LoginPage />} />
      </Routes>
    </Suspense>
  );
}

/** The whole web app: session, router, and the signed-in shell or the sign-in screen. */
export function App() {
  return (
    <BrowserRouter>
      <AuthProvider>
        <Gate />
      </AuthProvider>
    </BrowserRouter>
  );
}
