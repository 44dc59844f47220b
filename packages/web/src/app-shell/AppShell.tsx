import { Suspense, type ReactNode } from 'react';
import { NavLink, Link } from 'react-router-dom';
import { useAuth } from '../auth/AuthContext';
import { Avatar, Loading } from '../ui/components';
import { Icon } from './icons';
import { Logo } from './Logo';
import { useViewer, type Viewer } from './viewer';
import './shell.css';

const NAV: {
  to: string;
  label: string;
  icon: string;
  end?: boolean;
  /** Shown only to these viewers (default: everyone). */
  show?: (viewer: Viewer) => boolean;
}[] = [
  { to: '/', label: 'Home', icon: 'home', end: true },
  { to: '/map', label: 'Strategy map', icon: 'map' },
  { to: '/portfolio', label: 'Portfolio', icon: 'portfolio' },
  { to: '/meetings', label: 'Reviews', icon: 'meetings' },
  { to: '/decisions', label: 'Decisions', icon: 'decisions' },
  { to: '/alerts', label: 'Alerts', icon: 'alerts' },
  { to: '/plan', label: 'Plan', icon: 'plan' },
  { to: '/planning', label: 'Planning', icon: 'decisions' },
  // Every plan, active and archived; creating and archiving them is for executives and unit heads.
  { to: '/plans', label: 'Plans', icon: 'plans', show: (v) => v.role === 'EXECUTIVE' || v.heads.length > 0 },
  { to: '/history', label: 'History', icon: 'history' },
  { to: '/import', label: 'Import', icon: 'import' },
  { to: '/people', label: 'People', icon: 'people' },
  {
    to: '/integrations',
    label: 'Integrations',
    icon: 'integrations',
    show: (v) => v.role === 'EXECUTIVE' || v.heads.length > 0,
  },
  { to: '/security-log', label: 'Security log', icon: 'security', show: (v) => v.role === 'EXECUTIVE' },
  { to: '/account', label: 'Account', icon: 'account' },
];

/** Landmarks: a skip link, the navigation, and one main region that route content fills. */
export function AppShell({ children }: { children: ReactNode }) {
  const { signOut } = useAuth();
  const { viewer } = useViewer();
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <nav className="sidebar" aria-label="Main">
        <Link to="/" className="brand" aria-label="Throughline home">
          <Logo /> <span>Throughline</span>
        </Link>
        <div className="nav">
          {NAV.filter((n) => !n.show || n.show(viewer)).map((n) => (
            <NavLink key={n.to} to={n.to} end={n.end} title={n.label}>
              <Icon name={n.icon} />
              <span>{n.label}</span>
            </NavLink>
          ))}
        </div>
        <div className="sidebar-foot">
          <span className="who-avatar" title={`${viewer.name} · ${viewer.title || viewer.unit?.name || ''}`}>
            <Avatar name={viewer.name} size={28} />
          </span>
          <div className="who">
            <div className="who-name">{viewer.name}</div>
            <div className="small faint">{viewer.title || viewer.unit?.name}</div>
          </div>
          <button
            className="btn btn-ghost btn-sm"
            type="button"
            onClick={() => void signOut()}
            title="Sign out"
            aria-label="Sign out"
          >
            <span className="icon-16">
              <Icon name="logout" />
            </span>
          </button>
        </div>
      </nav>
      <div className="main">
        <main id="main" className="content" tabIndex={-1}>
          <Suspense fallback={<Loading />}>{children}</Suspense>
        </main>
      </div>
    </div>
  );
}
