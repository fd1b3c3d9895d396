import { useEffect } from 'react';
import { Link, paths, type AdministrationTab } from '../../core/router';
import { LiveBadge } from '../../core/ui';
import { useAdministrationLive } from './administrationLive';
import { AdministrationLogPanel } from './AdministrationLogPanel';
import { StaffPanel } from './StaffPanel';
import { UnitsPanel } from './UnitsPanel';
import './admin.css';

const TABS: ReadonlyArray<readonly [tab: AdministrationTab, label: string]> = [
  ['units', 'Enheder'],
  ['staff', 'Medarbejdere'],
  ['log', 'Administrationslog'],
];

/**
 * Administration (administrators only; anyone else gets the not-found page, and the server
 * refuses them anyway): the municipality's own units, its staff, and the log of both. Each
 * tab is a path of its own, so a tab can be linked to and the browser's back button works.
 */
export function AdministrationPage({ tab }: { tab: AdministrationTab }) {
  const label = TABS.find(([t]) => t === tab)![1];
  useEffect(() => {
    document.title = `${label} – Administration – Samplan`;
  }, [label]);
  // What another administrator changes (or this one in another window) shows at once, on every tab.
  useAdministrationLive();

  return (
    <div className="page">
      <header className="page-header">
        <h1 tabIndex={-1}>Administration</h1>
        <p className="page-header-meta">
          Kommunens enheder og medarbejdere. Alt, hvad du gør her, står i administrationsloggen. <LiveBadge />
        </p>
      </header>
      <nav aria-label="Administration" className="main-nav admin-tabs">
        <ul>
          {TABS.map(([t, text]) => (
            <li key={t}>
              <Link to={paths.administration(t)} aria-current={t === tab ? 'page' : undefined}>
                {text}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {tab === 'units' ? <UnitsPanel /> : tab === 'staff' ? <StaffPanel /> : <AdministrationLogPanel />}
    </div>
  );
}
